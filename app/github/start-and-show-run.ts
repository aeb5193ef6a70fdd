// The one way a run starts from GitHub's side (merge, pull request, /run, /rerun, "Re-run"):
// start it, show it as a queued `coxswain/run: <template>` check run on its commit and, for a
// pull request, as the run's comment (both ids go on the Workflow for the reporter), then stop
// the older runs of its concurrency group when the trigger asks for it.
import type { ArgoCluster } from "../cluster/argo-cluster.ts";
import type { ArgoObject } from "../cluster/argo-kinds.ts";
import { annotationKeys } from "../cluster/labels.ts";
import type { Metrics } from "../metrics/metrics.ts";
import { renderRunStarted } from "../report/render-run-started.ts";
import { runCheckName } from "../report/run-marker.ts";
import { stopOlderRuns } from "../runs/concurrency.ts";
import { type PointerKey, type RunSigner, sealedPointers } from "../runs/run-identity.ts";
import {
  type StartRunDeps,
  type StartRunInput,
  type StartRunResult,
  startRun,
} from "../runs/start-run.ts";
import type { Octokit, RepoRef } from "./check-runs.ts";

export interface ShownRunInput extends StartRunInput {
  octokit: Octokit;
  repo: RepoRef;
  /** Stop this pull request's older running runs of the same template. */
  cancelInProgress?: boolean;
}

/** A run started twice (a redelivered event) is shown once: `created` is false the second time. */
export async function startAndShowRun(
  input: ShownRunInput,
  deps: StartRunDeps & { metrics?: Metrics },
): Promise<StartRunResult> {
  const { octokit, repo, cancelInProgress, ...request } = input;
  const started = await startRun(request, deps);
  if (!started.ok || !started.created) return started;
  deps.metrics?.runsStarted.inc({ trigger: request.trigger });
  await showStartedRun(octokit, repo, deps, started.run, request);
  if (cancelInProgress && request.pr !== undefined) {
    const scope = {
      namespace: request.namespace,
      repoFullName: request.repoFullName,
      pr: request.pr,
    };
    await stopOlderRuns(deps.cluster, scope, started.run);
  }
  return started;
}

async function showStartedRun(
  octokit: Octokit,
  repo: RepoRef,
  deps: { cluster: ArgoCluster; signer: RunSigner },
  run: ArgoObject,
  request: StartRunInput,
): Promise<void> {
  const { data: check } = await octokit.rest.checks.create({
    ...repo,
    name: runCheckName(request.template),
    head_sha: request.commit,
    status: "queued",
    external_id: run.metadata.name,
  });
  const pointers: Partial<Record<PointerKey, string>> = {
    [annotationKeys.checkRunId]: String(check.id),
  };
  if (request.pr !== undefined) {
    const { data: comment } = await octokit.rest.issues.createComment({
      ...repo,
      issue_number: request.pr,
      body: renderRunStarted(run, request.namespace),
    });
    pointers[annotationKeys.commentId] = String(comment.id);
  }
  const annotations = sealedPointers(deps.signer, request.namespace, run.metadata.name, pointers);
  await deps.cluster.mergePatch("Workflow", request.namespace, run.metadata.name, {
    metadata: { annotations },
  });
}
