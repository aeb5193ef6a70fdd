// What the namespace holds of the kinds coxswain syncs, split into this repository's
// objects and everyone else's (which coxswain never touches). One paged list per kind.
import type { ArgoCluster } from "../cluster/argo-cluster.ts";
import type { ArgoObject } from "../cluster/argo-kinds.ts";
import { annotationKeys, labelKeys, managedByValue } from "../cluster/labels.ts";
import { type DefinitionKind, definitionKinds } from "../config/server-policy.ts";
import { belongsTo, type RepositoryIdentity } from "./repository-objects.ts";

export interface LiveDefinitions {
  ours: ArgoObject[];
  others: ArgoObject[];
  /** From a watch's copy, which may lag the cluster (absent: listed for this call). */
  watched?: true;
}

export async function liveDefinitions(
  cluster: ArgoCluster,
  namespace: string,
  repository: RepositoryIdentity,
): Promise<LiveDefinitions> {
  // One list per kind, side by side; each kind keeps its own order.
  const perKind = await Promise.all(
    definitionKinds.map(async (kind) => {
      const objects: ArgoObject[] = [];
      for await (const object of cluster.list(kind, namespace)) {
        objects.push({ ...object, kind: object.kind ?? (kind satisfies DefinitionKind) });
      }
      return objects;
    }),
  );
  return splitByRepository(perKind.flat(), repository);
}

/** The namespace's objects of the synced kinds: the repository's, and everyone else's. */
export function splitByRepository(
  objects: readonly ArgoObject[],
  repository: RepositoryIdentity,
): LiveDefinitions {
  const ours: ArgoObject[] = [];
  const others: ArgoObject[] = [];
  for (const object of objects) {
    (belongsTo(object, repository) || lostItsLabels(object, repository) ? ours : others).push(
      object,
    );
  }
  return { ours, others };
}

/**
 * An object coxswain synced for this repository whose labels someone removed: its annotation
 * still names the repository (repositories cannot set coxswain's keys), so it is drift to put
 * back, not someone else's object to refuse.
 */
function lostItsLabels(object: ArgoObject, repository: RepositoryIdentity): boolean {
  return (
    object.metadata.labels?.[labelKeys.managedBy] !== managedByValue &&
    object.metadata.annotations?.[annotationKeys.repoFullName] === repository.fullName
  );
}
