// Deletes what coxswain synced for a repository that it no longer serves (removed from the
// installation, the App uninstalled, no rule of the policy names it) when the policy says
// `onRemove: prune`. Only objects labelled for that repository are touched; CronWorkflows go
// before the templates they start.
import type { ArgoCluster } from "../cluster/argo-cluster.ts";
import { mapBounded } from "../util/map-bounded.ts";
import {
  belongsTo,
  type RepositoryIdentity,
  type SyncedObject,
  syncedObjects,
} from "./repository-objects.ts";

export interface Removal {
  /** What was deleted (or, on a dry run, would be). */
  objects: Array<Pick<SyncedObject, "kind" | "namespace" | "name">>;
  /** Of those, already gone when deleted. */
  alreadyGone: number;
}

export async function removeRepositoryObjects(
  cluster: ArgoCluster,
  repository: RepositoryIdentity,
  options: { namespace?: string; dryRun?: boolean; synced?: readonly SyncedObject[] } = {},
): Promise<Removal> {
  const all = options.synced ?? (await syncedObjects(cluster, options.namespace));
  const ours = all
    .filter((synced) => belongsTo(synced.object, repository))
    .sort(
      (a, b) =>
        kindOrder(a.kind) - kindOrder(b.kind) ||
        a.namespace.localeCompare(b.namespace) ||
        a.name.localeCompare(b.name),
    );
  const objects = ours.map(({ kind, namespace, name }) => ({ kind, namespace, name }));
  if (options.dryRun) return { objects, alreadyGone: 0 };
  let alreadyGone = 0;
  for (const kind of ["CronWorkflow", "WorkflowTemplate"] as const) {
    await mapBounded(
      ours.filter((synced) => synced.kind === kind),
      8,
      async (synced) => {
        const deleted = await cluster.delete(
          kind,
          synced.namespace,
          synced.name,
          "Background",
          synced.object.metadata.uid,
        );
        if (!deleted) alreadyGone++;
      },
    );
  }
  return { objects, alreadyGone };
}

function kindOrder(kind: string): number {
  return kind === "CronWorkflow" ? 0 : 1;
}
