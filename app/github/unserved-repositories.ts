// The synced objects of repositories coxswain no longer serves, found by a complete listing of
// the installations' repositories: kept or pruned as the server policy's onRemove says.
import type { Logger } from "pino";
import { annotationKeys, labelKeys, repoLabel } from "../cluster/labels.ts";
import { governsNamespace, namespaceForRepository } from "../config/server-policy.ts";
import { syncedObjects } from "../sync/repository-objects.ts";
import type { Services } from "../use-cases/services.ts";
import { actOnRemoval } from "./repository-removal.ts";
import type { ServedRepository } from "./served-repositories.ts";

/**
 * Synced objects whose repository (in that namespace) the installations no longer serve are
 * kept or pruned (onRemove); a kept repository is remembered in `kept`, so it is said once.
 */
export async function actOnUnserved(
  repositories: readonly ServedRepository[],
  services: Pick<Services, "cluster" | "server" | "metrics">,
  log: Logger,
  kept: Set<string>,
): Promise<Record<string, "kept" | "pruned">> {
  const servedKeys = new Set<string>();
  for (const repository of repositories) {
    const mapping = namespaceForRepository(services.server, repository.fullName);
    if (!mapping.ok) continue;
    servedKeys.add(`${mapping.namespace}|id:${repository.id}`);
    servedKeys.add(`${mapping.namespace}|name:${repoLabel(repository.fullName)}`);
  }
  const synced = await syncedObjects(services.cluster);
  const unserved = new Map<string, { fullName: string; id?: number; namespace: string }>();
  for (const { namespace, object } of synced) {
    // Only namespaces the policy maps repositories to are coxswain's to clean up.
    if (!governsNamespace(services.server, namespace)) continue;
    const labels = object.metadata.labels ?? {};
    const id = labels[labelKeys.repoId];
    const identityKey = id ? `id:${id}` : `name:${labels[labelKeys.repo] ?? ""}`;
    if (servedKeys.has(`${namespace}|${identityKey}`)) continue;
    const fullName =
      object.metadata.annotations?.[annotationKeys.repoFullName] ?? labels[labelKeys.repo] ?? "";
    unserved.set(`${namespace}|${identityKey}`, {
      fullName,
      ...(id ? { id: Number(id) } : {}),
      namespace,
    });
  }
  const acted: Record<string, "kept" | "pruned"> = {};
  for (const [key, repository] of unserved) {
    if (kept.has(key)) {
      acted[repository.fullName] = "kept";
      continue;
    }
    const outcome = await actOnRemoval(repository, services, log, {
      namespace: repository.namespace,
      synced: synced.filter((object) => object.namespace === repository.namespace),
      why: "no installation of the App serves it in this namespace",
    }).catch((error: unknown) => {
      log.warn({ err: error, repo: repository.fullName }, "removing an unserved repository failed");
      return undefined;
    });
    if (outcome?.action === "kept") kept.add(key);
    if (outcome) acted[repository.fullName] = outcome.action;
  }
  return acted;
}
