// Shows a run that was just started: a queued `coxswain/run: <template>` check run on its
// commit and, for a pull request, the run's comment; both ids go on the Workflow for the
// reporter that keeps them up to date.
import type { ArgoCluster } from "../cluster/argo-cluster.ts";
import type { ArgoObject } from "../cluster/argo-kinds.ts";
import { annotationKeys } from "../cluster/labels.ts";
import { renderRunStarted } from "../report/render-run-started.ts";
import { runCheckName } from "../report/run-marker.ts";
import type { Octokit, RepoRef } from "./check-runs.ts";

export interface StartedRun {
  octokit: Octokit;
  repo: RepoRef;
  cluster: ArgoCluster;
  namespace: string;
  run: ArgoObject;
  template: string;
  commit: string;
  pr?: number;
}

export async function reportStartedRun(started: StartedRun): Promise<void> {
  const { octokit, repo, run } = started;
  const { data: check } = await octokit.rest.checks.create({
    ...repo,
    name: runCheckName(started.template),
    head_sha: started.commit,
    status: "queued",
    external_id: run.metadata.name,
  });
  const annotations: Record<string, string> = { [annotationKeys.checkRunId]: String(check.id) };
  if (started.pr !== undefined) {
    const { data: comment } = await octokit.rest.issues.createComment({
      ...repo,
      issue_number: started.pr,
      body: renderRunStarted(run, started.namespace),
    });
    annotations[annotationKeys.commentId] = String(comment.id);
  }
  await started.cluster.mergePatch("Workflow", started.namespace, run.metadata.name, {
    metadata: { annotations },
  });
}
