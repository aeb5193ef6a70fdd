// A repository renamed or transferred keeps its synced objects: they are found by the
// repository's id and the sync relabels them with the new name. A new name the server policy
// does not allow is a removal (onRemove). A changed default branch is followed at once.
import type { Context } from "probot";
import { namespaceForRepository } from "../config/server-policy.ts";
import { markdownOf, say } from "../report/message.ts";
import type { Services } from "../use-cases/services.ts";
import { actOnRemoval } from "./repository-removal.ts";
import { syncDefaultBranch } from "./sync-default-branch.ts";
import type { SyncRunner } from "./sync-runner.ts";

type RepositoryContext = Context<
  "repository.renamed" | "repository.transferred" | "repository.edited"
>;

export function repositoryChangedHandler(deps: Services, sync: SyncRunner) {
  return async (context: RepositoryContext): Promise<void> => {
    const { payload } = context;
    const repository = payload.repository;
    const reason = reasonOf(payload);
    if (!reason) return;
    if (!namespaceForRepository(deps.server, repository.full_name).ok) {
      await actOnRemoval({ fullName: repository.full_name, id: repository.id }, deps, context.log, {
        why: `${reason}; the server policy does not allow the new name`,
      });
      return;
    }
    await syncDefaultBranch(
      {
        octokit: context.octokit,
        log: context.log,
        fullName: repository.full_name,
        ...(payload.installation ? { installationId: payload.installation.id } : {}),
        reason: markdownOf(say`Synced because ${reason}.`),
      },
      deps,
      sync,
    );
  };
}

function reasonOf(payload: RepositoryContext["payload"]): string | undefined {
  if (payload.action === "renamed")
    return `the repository was renamed from ${payload.changes.repository.name.from}`;
  if (payload.action === "transferred") return "the repository was transferred";
  const branch = (payload.changes as { default_branch?: { from: string } }).default_branch;
  return branch
    ? `the default branch changed from ${branch.from} to ${payload.repository.default_branch}`
    : undefined;
}
