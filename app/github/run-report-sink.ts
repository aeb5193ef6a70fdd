// Reports a run on GitHub: its check run (queued → in progress "3/7 steps" → success/failure),
// its PR comment updated in place, and the exit notification as one more PR comment, found by
// its hidden marker so it is never posted twice.
import type { ArgoObject } from "../cluster/argo-kinds.ts";
import { annotationKeys, labelKeys } from "../cluster/labels.ts";
import { fitText } from "../report/check-run-output.ts";
import type { Comparison } from "../report/compare-metrics.ts";
import { exitMarker, renderExitNotification } from "../report/render-exit-notification.ts";
import { type ReportLinks, renderRunReport, runHeadline } from "../report/render-run-report.ts";
import { type RunSigner, sealedPointer } from "../runs/run-identity.ts";
import type { RunStatus } from "../runs/run-status.ts";
import { keptFailedLog } from "../runs/step-log.ts";
import type { RunReportSink } from "../watch/run-reporter.ts";
import type { Octokit, RepoRef } from "./check-runs.ts";

export type InstallationAuth = (installationId: number) => Promise<Octokit>;

/** A pull request's run compared with its baseline; undefined when it has no metrics to compare. */
export type CompareRun = (workflow: ArgoObject, run: RunStatus) => Promise<Comparison | undefined>;

export interface GitHubSinkParts {
  auth: InstallationAuth;
  /** The App's id: only comments it wrote count when looking for its exit notification. */
  appId: number;
  signer: RunSigner;
  links: ReportLinks;
  compare?: CompareRun;
}

export function githubRunReportSink({
  auth,
  appId,
  signer,
  links,
  compare = async () => undefined,
}: GitHubSinkParts): RunReportSink {
  const target = async (workflow: ArgoObject) => {
    const annotations = workflow.metadata.annotations ?? {};
    const installationId = Number(annotations[annotationKeys.installationId]);
    const fullName = annotations[annotationKeys.repoFullName];
    if (!installationId || !fullName) return undefined; // a run started outside GitHub
    const [owner = "", repo = ""] = fullName.split("/");
    return {
      octokit: await auth(installationId),
      repo: { owner, repo } as RepoRef,
      labels: workflow.metadata.labels ?? {},
    };
  };
  return {
    async progress(workflow, run) {
      const found = await target(workflow);
      if (!found) return;
      const { octokit, repo } = found;
      const comparison = run.finished ? await compare(workflow, run) : undefined;
      const report = renderRunReport(workflow, run, links, comparison);
      const checkRunId = Number(sealedPointer(signer, workflow, annotationKeys.checkRunId));
      if (checkRunId) {
        await octokit.rest.checks.update({
          ...repo,
          check_run_id: checkRunId,
          ...checkRunState(run, comparison),
          output: { title: runHeadline(run), summary: fitText(report) },
        });
      }
      const commentId = Number(sealedPointer(signer, workflow, annotationKeys.commentId));
      if (commentId)
        await octokit.rest.issues.updateComment({ ...repo, comment_id: commentId, body: report });
    },
    async notifyExit(workflow, run) {
      const found = await target(workflow);
      const pr = Number(found?.labels[labelKeys.pr]);
      if (!found || !pr) return; // without a pull request the completed check run is the notification
      const { octokit, repo } = found;
      const marker = exitMarker(run.name, run.retries);
      const comments = await octokit.paginate(octokit.rest.issues.listComments, {
        ...repo,
        issue_number: pr,
        per_page: 100,
      });
      const ours = comments.filter((comment) => comment.performed_via_github_app?.id === appId);
      if (ours.some((comment) => comment.body?.includes(marker))) return;
      await octokit.rest.issues.createComment({
        ...repo,
        issue_number: pr,
        body: renderExitNotification(run, keptFailedLog(workflow)),
      });
    },
  };
}

/**
 * The installation a run's report goes to and how many requests writing it takes: its check-run
 * update and comment update, and for the final report on a pull request the listing of the PR's
 * comments (one page as a rule) and the exit notification. Undefined: not reported on GitHub.
 */
export function reportRequests(
  workflow: ArgoObject,
  final: boolean,
): { installationId: number; requests: number } | undefined {
  const annotations = workflow.metadata.annotations ?? {};
  const installationId = Number(annotations[annotationKeys.installationId]);
  if (!installationId || !annotations[annotationKeys.repoFullName]) return undefined;
  const updates = [annotationKeys.checkRunId, annotationKeys.commentId].filter(
    (key) => annotations[key] !== undefined,
  ).length;
  const notification = final && workflow.metadata.labels?.[labelKeys.pr] ? 2 : 0;
  return { installationId, requests: Math.max(updates + notification, 1) };
}

function checkRunState(run: RunStatus, comparison?: Comparison) {
  if (!run.finished) {
    return run.phase === "Running"
      ? { status: "in_progress" as const, started_at: run.startedAt ?? new Date().toISOString() }
      : { status: "queued" as const };
  }
  const conclusion = run.shutdown
    ? "cancelled"
    : run.phase !== "Succeeded"
      ? "failure"
      : (comparison?.conclusion ?? "success");
  return {
    status: "completed" as const,
    conclusion,
    completed_at: run.finishedAt ?? new Date().toISOString(),
  } as const;
}
