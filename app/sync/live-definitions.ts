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
  const ours: ArgoObject[] = [];
  const others: ArgoObject[] = [];
  const repo = repoLabel(repoFullName);
  for (const kind of definitionKinds) {
    for await (const object of cluster.list(kind, namespace)) {
      const labels = object.metadata.labels ?? {};
      const owned =
        labels[labelKeys.managedBy] === managedByValue && labels[labelKeys.repo] === repo;
      (owned ? ours : others).push({
        ...object,
        kind: object.kind ?? (kind satisfies DefinitionKind),
      });
    }
  }
  return { ours, others };
}
