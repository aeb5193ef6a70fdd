// The concurrency group of a pull request: a newer run of a template stops (Stop, so exit
// handlers still run) the older runs of the same template that are still running.
import type { ArgoCluster } from "../cluster/argo-cluster.ts";
import type { ArgoObject } from "../cluster/argo-kinds.ts";
import { labelKeys } from "../cluster/labels.ts";
import { isRunning, type RunScope, runsInScope } from "./find-runs.ts";
import { stopRun } from "./stop-run.ts";

export async function stopOlderRuns(
  cluster: ArgoCluster,
  scope: RunScope,
  newer: ArgoObject,
): Promise<string[]> {
  const template = newer.metadata.labels?.[labelKeys.template];
  const older = (await runsInScope(cluster, scope)).filter(
    (other) =>
      other.metadata.name !== newer.metadata.name &&
      other.metadata.labels?.[labelKeys.template] === template &&
      isRunning(other),
  );
  for (const run of older) await stopRun(cluster, scope.namespace, run, "Stop");
  return older.map((run) => run.metadata.name);
}
