// What the namespace holds of the kinds coxswain syncs, split into this repository's
// objects and everyone else's (which coxswain never touches). One paged list per kind.
import type { ArgoCluster } from "../cluster/argo-cluster.ts";
import type { ArgoObject } from "../cluster/argo-kinds.ts";
import { labelKeys, managedByValue, repoLabel } from "../cluster/labels.ts";
import { type DefinitionKind, definitionKinds } from "../config/server-policy.ts";

export interface LiveDefinitions {
  ours: ArgoObject[];
  others: ArgoObject[];
}

export async function liveDefinitions(
  cluster: ArgoCluster,
  namespace: string,
  repoFullName: string,
): Promise<LiveDefinitions> {
  const repo = repoLabel(repoFullName);
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
  const ours: ArgoObject[] = [];
  const others: ArgoObject[] = [];
  for (const object of perKind.flat()) {
    const labels = object.metadata.labels ?? {};
    const owned = labels[labelKeys.managedBy] === managedByValue && labels[labelKeys.repo] === repo;
    (owned ? ours : others).push(object);
  }
  return { ours, others };
}
