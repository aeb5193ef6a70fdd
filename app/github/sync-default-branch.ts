// Syncs a repository's default branch head when no push asked for it: the App was installed on
// the repository, it was renamed or transferred, its default branch changed. The sync is
// reported as usual (a `coxswain/sync` check run on the head); no `on: merge` run starts.
import type { Logger } from "pino";
import { namespaceForRepository } from "../config/server-policy.ts";
import type { Services } from "../use-cases/services.ts";
import type { Octokit } from "./check-runs.ts";
import { remoteRepo } from "./repo-access.ts";
import type { SyncRunner } from "./sync-runner.ts";

export interface DefaultBranchSync {
  octokit: Octokit;
  log: Logger;
  fullName: string;
  installationId?: number;
  /** Why, for the check run's summary. */
  reason: string;
}

export type DefaultBranchSynced = "synced" | "not served" | "empty";

export async function syncDefaultBranch(
  request: DefaultBranchSync,
  deps: Pick<Services, "server" | "git">,
  sync: SyncRunner,
): Promise<DefaultBranchSynced> {
  const mapping = namespaceForRepository(deps.server, request.fullName);
  if (!mapping.ok) {
    request.log.info({ repo: request.fullName }, `not synced: ${mapping.reason}`);
    return "not served";
  }
  const [owner = "", repo = ""] = request.fullName.split("/");
  const { data } = await request.octokit.rest.repos.get({ owner, repo });
  const repository = {
    id: data.id,
    full_name: data.full_name,
    name: data.name,
    clone_url: data.clone_url,
    default_branch: data.default_branch,
  };
  const head = await deps.git.remoteHead(
    await remoteRepo(request.octokit, repository),
    data.default_branch,
  );
  if (!head) {
    request.log.info({ repo: request.fullName }, "not synced: the default branch has no commit");
    return "empty";
  }
  await sync({
    octokit: request.octokit,
    log: request.log,
    repository,
    sha: head,
    namespace: mapping.namespace,
    ...(request.installationId !== undefined ? { installationId: request.installationId } : {}),
    reason: request.reason,
    startTriggers: false,
  });
  return "synced";
}
