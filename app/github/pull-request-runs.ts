// A pull request opened or pushed to starts the runs of its `on: pull_request` triggers whose
// paths match the pull request's changes, as defined at its head. The triggers come from the
// default branch's config (with `_extends`), never from the pull request or its base; a fork's
// pull request starts nothing by itself (a maintainer's /run does).
import type { Logger } from "pino";
import type { RepoSnapshot } from "../git/repo-mirror.ts";
import { firedTriggers } from "../runs/fired-triggers.ts";
import type { Services } from "../use-cases/services.ts";
import { startAndShow } from "../use-cases/start-and-show.ts";
import type { Octokit } from "./check-runs.ts";
import { type GitHubRepository, githubRepositoryGateway } from "./repository-gateway.ts";

export interface PullRequestRuns {
  octokit: Octokit;
  log: Logger;
  repository: GitHubRepository;
  namespace: string;
  pull: { number: number; headSha: string; baseSha: string; baseRef: string; fromFork: boolean };
  actor: string;
  installationId?: number;
}

export async function startPullRequestRuns(
  request: PullRequestRuns,
  deps: Services,
): Promise<void> {
  const { pull, repository } = request;
  const gateway = githubRepositoryGateway(
    request.octokit,
    repository,
    deps,
    request.installationId,
  );
  const policy = await gateway.defaultBranchPolicy();
  if (!policy.ok || !policy.policy.triggers.some((trigger) => trigger.on === "pull_request"))
    return;
  if (pull.fromFork) {
    request.log.info(
      { pr: pull.number },
      "pull_request triggers do not run a fork's definitions; a maintainer can /run",
    );
    return;
  }
  const head: RepoSnapshot = await gateway.snapshotAt(pull.headSha, [
    `refs/pull/${pull.number}/head`,
  ]);
  const changed = await deps.git
    .changedFiles(repository.full_name, pull.baseSha, pull.headSha)
    .catch(() => "all" as const);
  for (const [index, trigger] of firedTriggers(
    policy.policy.triggers,
    "pull_request",
    changed,
  ).entries()) {
    const started = await startAndShow(
      {
        ...(trigger.cancelInProgress ? { cancelInProgress: true } : {}),
        policy: policy.policy,
        repoFullName: repository.full_name,
        namespace: request.namespace,
        template: trigger.template,
        commit: pull.headSha,
        trigger: "pull-request",
        actor: request.actor,
        pr: pull.number,
        ...(request.installationId ? { installationId: request.installationId } : {}),
        idempotencyKey: `pull-request:${pull.number}:${pull.headSha}:${index}:${trigger.template}`,
        snapshot: head,
        parameters: trigger.parameters,
      },
      gateway.presenter,
      deps,
    );
    if (!started.ok) {
      request.log.warn(
        { template: trigger.template, problems: started.problems },
        "pull_request trigger did not start",
      );
    }
  }
}
