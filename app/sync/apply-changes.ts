// Carries out a plan: templates are applied before the CronWorkflows that start them,
// and CronWorkflows are deleted before the templates they use.
import type { ArgoCluster } from "../cluster/argo-cluster.ts";
import type { Change } from "../definitions/plan-changes.ts";
import { mapBounded } from "../util/map-bounded.ts";

const parallelWrites = 8;

export async function applyChanges(
  cluster: ArgoCluster,
  namespace: string,
  changes: readonly Change[],
): Promise<void> {
  const writes = changes.filter(
    (change) => change.action === "create" || change.action === "update",
  );
  const deletes = changes.filter((change) => change.action === "delete");
  for (const kind of ["WorkflowTemplate", "CronWorkflow"] as const) {
    await mapBounded(
      writes.filter((change) => change.kind === kind),
      parallelWrites,
      (change) => cluster.apply(change.kind, namespace, change.desired, { force: true }),
    );
  }
  for (const kind of ["CronWorkflow", "WorkflowTemplate"] as const) {
    await mapBounded(
      deletes.filter((change) => change.kind === kind),
      parallelWrites,
      (change) => cluster.delete(change.kind, namespace, change.name, "Background"),
    );
  }
}
