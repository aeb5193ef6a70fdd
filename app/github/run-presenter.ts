// Where a run shows on GitHub: a queued `coxswain/run: <template>` check run on its commit (its
// external_id names the run) and, for a pull request, the run's comment; a retried run gets a
// fresh check run, so the commit's status is not stale.
import type { ArgoObject } from "../cluster/argo-kinds.ts";
import { annotationKeys } from "../cluster/labels.ts";
import { renderRunStarted } from "../report/render-run-started.ts";
import { runCheckName } from "../report/run-marker.ts";
import type { RunPresenter, ShownAt } from "../use-cases/repository-gateway.ts";
import type { Octokit, RepoRef } from "./check-runs.ts";

export function githubRunPresenter(octokit: Octokit, repo: RepoRef): RunPresenter {
  const queuedCheck = async (run: ArgoObject, template: string, commit: string) => {
    const { data } = await octokit.rest.checks.create({
      ...repo,
      name: runCheckName(template),
      head_sha: commit,
      status: "queued",
      external_id: run.metadata.name,
    });
    return String(data.id);
  };
  return {
    async started(run, shown) {
      const shownAt: ShownAt = {
        [annotationKeys.checkRunId]: await queuedCheck(run, shown.template, shown.commit),
      };
      if (shown.pr !== undefined) {
        const { data: comment } = await octokit.rest.issues.createComment({
          ...repo,
          issue_number: shown.pr,
          body: renderRunStarted(run, run.metadata.namespace ?? ""),
        });
        shownAt[annotationKeys.commentId] = String(comment.id);
      }
      return shownAt;
    },
    async retried(run, shown) {
      return { [annotationKeys.checkRunId]: await queuedCheck(run, shown.template, shown.commit) };
    },
  };
}
