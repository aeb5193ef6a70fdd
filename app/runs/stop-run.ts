// Stops a run: `Stop` lets its exit handler run, `Terminate` does not. Argo reads spec.shutdown.
import type { ArgoCluster } from "../cluster/argo-cluster.ts";
import type { ArgoObject } from "../cluster/argo-kinds.ts";

export type Shutdown = "Stop" | "Terminate";

export async function stopRun(
  cluster: ArgoCluster,
  namespace: string,
  run: ArgoObject,
  how: Shutdown,
): Promise<void> {
  await cluster.mergePatch("Workflow", namespace, run.metadata.name, { spec: { shutdown: how } });
}
