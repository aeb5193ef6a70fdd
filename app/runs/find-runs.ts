// Finds the runs of a pull request (or one of them by name), newest first.
import type { ArgoCluster } from "../cluster/argo-cluster.ts";
import type { ArgoObject } from "../cluster/argo-kinds.ts";
import { labelKeys, managedByValue, repoLabel } from "../cluster/labels.ts";

export interface RunScope {
  namespace: string;
  repoFullName: string;
  pr: number;
}

export async function runsOfPullRequest(
  cluster: ArgoCluster,
  scope: RunScope,
): Promise<ArgoObject[]> {
  const labelSelector = [
    `${labelKeys.managedBy}=${managedByValue}`,
    `${labelKeys.repo}=${repoLabel(scope.repoFullName)}`,
    `${labelKeys.pr}=${scope.pr}`,
  ].join(",");
  const runs: ArgoObject[] = [];
  for await (const run of cluster.list("Workflow", scope.namespace, { labelSelector }))
    runs.push(run);
  return runs.sort(
    (a, b) => createdAt(b) - createdAt(a) || b.metadata.name.localeCompare(a.metadata.name),
  );
}

export type FoundRun = { ok: true; run: ArgoObject } | { ok: false; problem: string };

/** The named run of this pull request, or its newest run matching `wanted`. */
export async function findRun(
  cluster: ArgoCluster,
  scope: RunScope,
  name: string | undefined,
  wanted: { running?: boolean } = {},
): Promise<FoundRun> {
  const runs = await runsOfPullRequest(cluster, scope);
  if (name) {
    const run = runs.find((candidate) => candidate.metadata.name === name);
    return run
      ? { ok: true, run }
      : { ok: false, problem: `there is no run ${name} on this pull request` };
  }
  const candidates = wanted.running ? runs.filter(isRunning) : runs;
  const [newest] = candidates;
  if (newest) return { ok: true, run: newest };
  return {
    ok: false,
    problem: wanted.running
      ? "no run of this pull request is running"
      : "this pull request has no runs yet",
  };
}

export function isRunning(run: ArgoObject): boolean {
  const phase = phaseOf(run);
  return (
    run.metadata.labels?.[labelKeys.argoCompleted] !== "true" &&
    (phase === "" || phase === "Pending" || phase === "Running")
  );
}

export function phaseOf(run: ArgoObject): string {
  return ((run.status as { phase?: string } | undefined)?.phase ?? "") || "";
}

function createdAt(run: ArgoObject): number {
  return Date.parse(run.metadata.creationTimestamp ?? "") || 0;
}
