// A pull request that is opened, updated or reopened gets the `coxswain/plan` check run on
// its head commit (nothing is applied, so a fork's pull request is planned like any other),
// then the runs of its `on: pull_request` triggers start.
import type { Context } from "probot";
import { namespaceForRepository } from "../config/server-policy.ts";
import type { Services } from "../use-cases/services.ts";
import { hasCheckRun } from "./check-runs.ts";
import { planCheckName, runPlan } from "./plan-runner.ts";
import { startPullRequestRuns } from "./pull-request-runs.ts";
import { repoRef } from "./repo-access.ts";

type PullRequestContext = Context<
  "pull_request.opened" | "pull_request.synchronize" | "pull_request.reopened"
>;

export function pullRequestHandler(deps: Services) {
  return async (context: PullRequestContext): Promise<void> => {
    const { repository, pull_request: pull } = context.payload;
    const mapping = namespaceForRepository(deps.server, repository.full_name);
    if (!mapping.ok) {
      context.log.info({ repo: repository.full_name }, `pull request ignored: ${mapping.reason}`);
      return;
    }
    if (await hasCheckRun(context.octokit, repoRef(repository), pull.head.sha, planCheckName)) {
      context.log.info(
        { repo: repository.full_name, sha: pull.head.sha },
        "pull request already planned (redelivery)",
      );
      return;
    }
    await runPlan(
      {
        octokit: context.octokit,
        log: context.log,
        repository,
        headSha: pull.head.sha,
        refs: [`refs/pull/${pull.number}/head`],
        namespace: mapping.namespace,
      },
      deps,
    );
    // Triggers never hold up or fail the webhook: a run that cannot start is logged.
    await startPullRequestRuns(
      {
        octokit: context.octokit,
        log: context.log,
        repository,
        namespace: mapping.namespace,
        pull: {
          number: pull.number,
          headSha: pull.head.sha,
          baseSha: pull.base.sha,
          baseRef: pull.base.ref,
          fromFork: pull.head.repo?.full_name !== repository.full_name,
        },
        actor: context.payload.sender.login,
        ...(context.payload.installation
          ? { installationId: context.payload.installation.id }
          : {}),
      },
      deps,
    );
  };
}
