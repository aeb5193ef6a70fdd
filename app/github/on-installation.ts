// The App installed on repositories (a new installation, or repositories added to one): each
// allowed repository's default branch is synced at once. Repositories removed from an
// installation, or the App uninstalled: their synced objects are kept or pruned, as the
// server policy's `onRemove` says.
import type { Context } from "probot";
import type { Services } from "../use-cases/services.ts";
import { mapBounded } from "../util/map-bounded.ts";
import { actOnRemoval } from "./repository-removal.ts";
import { syncDefaultBranch } from "./sync-default-branch.ts";
import type { SyncRunner } from "./sync-runner.ts";

interface ListedRepository {
  id: number;
  full_name: string;
}

/** Repositories synced at once (each sync is queued per repository anyway). */
const parallelSyncs = 4;

export function installedHandler(deps: Services, sync: SyncRunner) {
  return async (
    context: Context<"installation.created" | "installation_repositories.added">,
  ): Promise<void> => {
    const payload = context.payload;
    const repositories: ListedRepository[] =
      "repositories_added" in payload ? payload.repositories_added : (payload.repositories ?? []);
    await mapBounded(repositories, parallelSyncs, async (repository) => {
      try {
        await syncDefaultBranch(
          {
            octokit: context.octokit,
            log: context.log,
            fullName: repository.full_name,
            installationId: payload.installation.id,
            reason: "Synced when the App was installed on this repository.",
          },
          deps,
          sync,
        );
      } catch (error) {
        context.log.error({ err: error, repo: repository.full_name }, "install sync failed");
      }
    });
  };
}

export function uninstalledHandler(deps: Services) {
  return async (
    context: Context<"installation.deleted" | "installation_repositories.removed">,
  ): Promise<void> => {
    const payload = context.payload;
    const removed: ListedRepository[] =
      "repositories_removed" in payload
        ? payload.repositories_removed
        : (payload.repositories ?? []);
    const why =
      "repositories_removed" in payload
        ? "removed from the App's installation"
        : "the App was uninstalled";
    for (const repository of removed) {
      await actOnRemoval({ fullName: repository.full_name, id: repository.id }, deps, context.log, {
        why,
      });
    }
  };
}
