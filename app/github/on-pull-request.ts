// A pull request that is opened, updated or reopened gets the `coxswain/plan` check run on
// its head commit: the same validation as a sync, and what the merge would change.
// Nothing is applied, so a fork's pull request is planned like any other.
import type { Context } from "probot";
import { namespaceForRepository } from "../config/server-policy.ts";
import type { CheckRunReport } from "../report/check-run-output.ts";
import { renderPlanReport } from "../report/render-plan-report.ts";
import { planRepository } from "../sync/plan-repository.ts";
import type { AppDeps } from "./app-deps.ts";
import { completeCheckRun, hasCheckRun, startCheckRun } from "./check-runs.ts";
import { remoteRepo, repoRef } from "./repo-access.ts";

export const planCheckName = "coxswain/plan";

type PullRequestContext = Context<
  "pull_request.opened" | "pull_request.synchronize" | "pull_request.reopened"
>;

export function pullRequestHandler(deps: AppDeps) {
  return async (context: PullRequestContext): Promise<void> => {
    const { repository, pull_request: pull } = context.payload;
    const mapping = namespaceForRepository(deps.server, repository.full_name);
    if (!mapping.ok) {
      context.log.info({ repo: repository.full_name }, `pull request ignored: ${mapping.reason}`);
      return;
    }
    const repo = repoRef(repository);
    const headSha = pull.head.sha;
    if (await hasCheckRun(context.octokit, repo, headSha, planCheckName)) {
      context.log.info(
        { repo: repository.full_name, sha: headSha },
        "pull request already planned (redelivery)",
      );
      return;
    }
    const checkRunId = await startCheckRun(context.octokit, repo, planCheckName, headSha);
    let report: CheckRunReport;
    try {
      const remote = await remoteRepo(context.octokit, repository);
      const snapshot = await deps.git.snapshot(remote, headSha, [`refs/pull/${pull.number}/head`]);
      const outcome = await planRepository(
        { repoFullName: repository.full_name, namespace: mapping.namespace, snapshot },
        deps,
      );
      report = renderPlanReport(outcome, mapping.namespace);
    } catch (error) {
      context.log.error({ err: error, repo: repository.full_name, sha: headSha }, "plan failed");
      report = {
        conclusion: "failure",
        title: "Plan failed: the cluster or Git could not be reached",
        summary: `coxswain could not work out the plan: ${(error as Error).message}\n\nRe-run this check to try again.`,
        annotations: [],
      };
    }
    await completeCheckRun(context.octokit, repo, checkRunId, report);
  };
}
