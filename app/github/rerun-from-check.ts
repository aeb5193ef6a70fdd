// "Re-run" on a `coxswain/run: <template>` check run: the same template, parameters and commit
// start again as a new run (GitHub lets only users with write access press it).
import type { Logger } from "pino";
import { labelKeys } from "../cluster/labels.ts";
import { inputsOf } from "../runs/rerun.ts";
import type { AppDeps } from "./app-deps.ts";
import type { Octokit } from "./check-runs.ts";
import { type RepositoryPayload, remoteRepo, repoRef } from "./repo-access.ts";
import { startAndShowRun } from "./start-and-show-run.ts";

export interface CheckRerun {
  octokit: Octokit;
  log: Logger;
  repository: RepositoryPayload;
  namespace: string;
  /** The run the check run reports (its external_id). */
  runName: string;
  checkRunId: number;
  actor: string;
  installationId?: number;
}

export async function rerunFromCheck(request: CheckRerun, deps: AppDeps): Promise<void> {
  const previous = await deps.cluster.get("Workflow", request.namespace, request.runName);
  const inputs = previous ? inputsOf(previous) : undefined;
  if (!previous || !inputs) {
    request.log.info(
      { run: request.runName },
      "re-run requested for a run that is gone; nothing to start",
    );
    return;
  }
  const pr = Number(previous.metadata.labels?.[labelKeys.pr]) || undefined;
  const remote = await remoteRepo(request.octokit, request.repository);
  const snapshot = await deps.git.snapshot(
    remote,
    inputs.commit,
    pr ? [`refs/pull/${pr}/head`] : [],
  );
  const started = await startAndShowRun(
    {
      octokit: request.octokit,
      repo: repoRef(request.repository),
      repoFullName: request.repository.full_name,
      namespace: request.namespace,
      template: inputs.template,
      commit: inputs.commit,
      trigger: "check-rerun",
      actor: request.actor,
      ...(pr ? { pr } : {}),
      ...(request.installationId ? { installationId: request.installationId } : {}),
      idempotencyKey: `check-rerun:${request.checkRunId}`,
      snapshot,
      parameters: inputs.parameters,
    },
    deps,
  );
  if (!started.ok) {
    request.log.warn(
      { run: request.runName, problems: started.problems },
      "re-run could not start",
    );
  }
}
