// A push to the default branch syncs its definitions into the repository's namespace.
import type { Context } from "probot";
import { namespaceForRepository } from "../config/server-policy.ts";
import type { Services } from "../use-cases/services.ts";
import { hasCheckRun } from "./check-runs.ts";
import { repoRef } from "./repo-access.ts";
import { type SyncRunner, syncCheckName } from "./sync-runner.ts";

export function pushHandler(deps: Services, sync: SyncRunner) {
  return async (context: Context<"push">): Promise<void> => {
    const { payload } = context;
    const repository = payload.repository;
    if (payload.deleted || payload.ref !== `refs/heads/${repository.default_branch}`) return;
    const mapping = namespaceForRepository(deps.server, repository.full_name);
    if (!mapping.ok) {
      context.log.info({ repo: repository.full_name }, `push ignored: ${mapping.reason}`);
      return;
    }
    if (await hasCheckRun(context.octokit, repoRef(repository), payload.after, syncCheckName)) {
      context.log.info(
        { repo: repository.full_name, sha: payload.after },
        "push already synced (redelivery)",
      );
      return;
    }
    await sync({
      octokit: context.octokit,
      log: context.log,
      repository,
      sha: payload.after,
      namespace: mapping.namespace,
      before: payload.before,
      ...changedFilesOf(payload),
      ...(payload.installation ? { installationId: payload.installation.id } : {}),
      actor: payload.sender?.login ?? payload.pusher.name,
    });
  };
}

/** GitHub lists at most 20 commits in a push payload; with more, or a forced push, git decides. */
const payloadCommitLimit = 20;

function changedFilesOf(payload: Context<"push">["payload"]): { changedFiles?: string[] } {
  if (
    payload.forced ||
    payload.commits.length === 0 ||
    payload.commits.length >= payloadCommitLimit
  )
    return {};
  const files = new Set<string>();
  for (const commit of payload.commits) {
    for (const file of [
      ...(commit.added ?? []),
      ...(commit.modified ?? []),
      ...(commit.removed ?? []),
    ])
      files.add(file);
  }
  return { changedFiles: [...files] };
}
