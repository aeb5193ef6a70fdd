// A repository coxswain no longer serves (removed from the installation, the App uninstalled,
// no rule of the server policy names it any more): its synced objects are kept or pruned, as
// the policy's `onRemove` says. Pruning deletes only objects labelled for that repository.
import type { Logger } from "pino";
import { governsNamespace, removalActionFor } from "../config/server-policy.ts";
import { type Removal, removeRepositoryObjects } from "../sync/remove-repository.ts";
import {
  type RepositoryIdentity,
  type SyncedObject,
  syncedObjects,
} from "../sync/repository-objects.ts";
import type { Services } from "../use-cases/services.ts";

export interface RemovalOutcome {
  action: "kept" | "pruned";
  removal?: Removal;
}

export async function actOnRemoval(
  repository: RepositoryIdentity,
  services: Pick<Services, "cluster" | "server" | "metrics">,
  log: Logger,
  where: { namespace?: string; synced?: readonly SyncedObject[]; why: string },
): Promise<RemovalOutcome> {
  const context = { repo: repository.fullName, namespace: where.namespace, why: where.why };
  if (removalActionFor(services.server, repository.fullName) === "keep") {
    services.metrics?.removals.inc({ action: "kept" });
    log.info(context, "repository no longer served: its synced objects are kept (onRemove: keep)");
    return { action: "kept" };
  }
  // Only in namespaces the policy maps repositories to: others are not coxswain's to clean.
  const synced = (where.synced ?? (await syncedObjects(services.cluster, where.namespace))).filter(
    (object) => governsNamespace(services.server, object.namespace),
  );
  const removal = await removeRepositoryObjects(services.cluster, repository, { synced });
  services.metrics?.removals.inc({ action: "pruned" });
  log.info(
    { ...context, deleted: removal.objects.map((o) => `${o.namespace}/${o.kind}/${o.name}`) },
    "repository no longer served: its synced objects were deleted (onRemove: prune)",
  );
  return { action: "pruned", removal };
}
