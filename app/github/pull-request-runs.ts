// A pull request opened or pushed to starts the runs of its `on: pull_request` triggers whose
// paths match the pull request's changes, as defined at its head. The triggers come from the
// default branch, never from the pull request; a fork's pull request starts nothing by itself
// (a maintainer's /run does).
import type { Logger } from "pino";
import { repoConfigPath, repoPolicyFrom } from "../config/repo-config.ts";
import type { RepoSnapshot } from "../git/repo-mirror.ts";
import { firedTriggers } from "../runs/fired-triggers.ts";
import type { AppDeps } from "./app-deps.ts";
import type { Octokit } from "./check-runs.ts";
import { type RepositoryPayload, remoteRepo, repoRef } from "./repo-access.ts";
import { startAndShowRun } from "./start-and-show-run.ts";

export interface PullRequestRuns {
  octokit: Octokit;
  log: Logger;
  repository: RepositoryPayload;
  namespace: string;
  pull: { number: number; headSha: string; baseSha: string; baseRef: string; fromFork: boolean };
  actor: string;
  installationId?: number;
}

export async function startPullRequestRuns(request: PullRequestRuns, deps: AppDeps): Promise<void> {
  const { pull, repository } = request;
  const remote = await remoteRepo(request.octokit, repository);
  const base = await deps.git.snapshot(remote, pull.baseSha, [`refs/heads/${pull.baseRef}`]);
  const policy = repoPolicyFrom(await base.readText(repoConfigPath), deps.server);
  if (!policy.ok || !policy.policy.triggers.some((trigger) => trigger.on === "pull_request"))
    return;
  if (pull.fromFork) {
    request.log.info(
      { pr: pull.number },
      "pull_request triggers do not run a fork's definitions; a maintainer can /run",
    );
    return;
  }
  const head: RepoSnapshot = await deps.git.snapshot(remote, pull.headSha, [
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
    const started = await startAndShowRun(
      {
        octokit: request.octokit,
        repo: repoRef(repository),
        ...(trigger.cancelInProgress ? { cancelInProgress: true } : {}),
        metrics: policy.policy.metrics,
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
