// "Re-run" on a `coxswain/run: <template>` check run: the same template, parameters and commit
// start again as a new run (GitHub lets only users with write access press it).
import type { Logger } from "pino";
import { rerunRun } from "../actions/run-actions.ts";
import type { AppDeps } from "./app-deps.ts";
import type { Octokit } from "./check-runs.ts";
import { type RepositoryPayload, remoteRepo, repoRef } from "./repo-access.ts";

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
  if (!previous) {
    request.log.info(
      { run: request.runName },
      "re-run requested for a run that is gone; nothing to start",
    );
    return;
  }
  const remote = await remoteRepo(request.octokit, request.repository);
  const outcome = await rerunRun(previous, {
    deps,
    octokit: request.octokit,
    repo: repoRef(request.repository),
    actor: request.actor,
    trigger: "check-rerun",
    idempotencyKey: `check-rerun:${request.checkRunId}`,
    snapshotAt: (commit, pr) =>
      deps.git.snapshot(remote, commit, pr ? [`refs/pull/${pr}/head`] : []),
    ...(request.installationId ? { installationId: request.installationId } : {}),
  });
  if (!outcome.ok) {
    request.log.warn({ run: request.runName, problem: outcome.problem }, "re-run could not start");
  }
}
