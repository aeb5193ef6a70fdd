// Which synced definitions belong to a repository. A repository is known by its GitHub id,
// which survives a rename or a transfer; objects synced before ids were recorded (or by a
// caller that does not know the id) are known by the repository's name.
import type { ArgoCluster } from "../cluster/argo-cluster.ts";
import type { ArgoObject } from "../cluster/argo-kinds.ts";
import { labelKeys, managedByValue, managedSelector, repoLabel } from "../cluster/labels.ts";
import { type DefinitionKind, definitionKinds } from "../config/server-policy.ts";

export interface RepositoryIdentity {
  fullName: string;
  /** GitHub's id of the repository. */
  id?: number;
}

/** True when coxswain synced `object` for `repository` (under this name or, by id, another). */
export function belongsTo(object: ArgoObject, repository: RepositoryIdentity): boolean {
  const labels = object.metadata.labels ?? {};
  if (labels[labelKeys.managedBy] !== managedByValue) return false;
  const id = labels[labelKeys.repoId];
  if (id !== undefined && repository.id !== undefined) return id === String(repository.id);
  return labels[labelKeys.repo] === repoLabel(repository.fullName);
}

export interface SyncedObject {
  kind: DefinitionKind;
  namespace: string;
  name: string;
  object: ArgoObject;
}

/**
 * Every definition coxswain synced, in `namespace` or in every namespace. One list per kind.
 * Only their metadata is kept: every namespace's objects can be many (20,000 in the bench).
 */
export async function syncedObjects(
  cluster: ArgoCluster,
  namespace?: string,
): Promise<SyncedObject[]> {
  const perKind = await Promise.all(
    definitionKinds.map(async (kind) => {
      const found: SyncedObject[] = [];
      for await (const object of cluster.list(kind, namespace, {
        labelSelector: managedSelector,
      })) {
        found.push({
          kind,
          namespace: object.metadata.namespace ?? namespace ?? "",
          name: object.metadata.name,
          object: { apiVersion: object.apiVersion, kind, metadata: object.metadata },
        });
      }
      return found;
    }),
  );
  return perKind.flat();
}
