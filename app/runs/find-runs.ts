// Finds the runs of a pull request, or of a repository (one of them by name), newest first.
import type { ArgoCluster } from "../cluster/argo-cluster.ts";
import type { ArgoObject } from "../cluster/argo-kinds.ts";
import { labelKeys, managedSelector, repoLabel } from "../cluster/labels.ts";

export interface RunScope {
  namespace: string;
  repoFullName: string;
  /** A pull request's runs only; without it, all of the repository's. */
  pr?: number;
}

/** Which runs count as coxswain's (the caller checks their signed identity). */
export type TrustedRun = (run: ArgoObject) => boolean;

export async function runsInScope(
  cluster: ArgoCluster,
  scope: RunScope,
  trusted: TrustedRun = () => true,
): Promise<ArgoObject[]> {
  const labelSelector = [
    managedSelector,
    `${labelKeys.repo}=${repoLabel(scope.repoFullName)}`,
    ...(scope.pr !== undefined ? [`${labelKeys.pr}=${scope.pr}`] : []),
  ].join(",");
  const runs: ArgoObject[] = [];
  for await (const run of cluster.list("Workflow", scope.namespace, { labelSelector }))
    if (trusted(run)) runs.push(run);
  return runs.sort(
    (a, b) => createdAt(b) - createdAt(a) || b.metadata.name.localeCompare(a.metadata.name),
  );
}

export type FoundRun = { ok: true; run: ArgoObject } | { ok: false; problem: string };

/** The named run of the scope, or its newest run matching `wanted`. */
export async function findRun(
  cluster: ArgoCluster,
  scope: RunScope,
  name: string | undefined,
  wanted: { running?: boolean } = {},
  trusted?: TrustedRun,
): Promise<FoundRun> {
  const runs = await runsInScope(cluster, scope, trusted);
  const onPull = scope.pr !== undefined;
  if (name) {
    const run = runs.find((candidate) => candidate.metadata.name === name);
    if (run) return { ok: true, run };
    const where = onPull ? "on this pull request" : `of ${scope.repoFullName}`;
    return { ok: false, problem: `there is no run ${name} ${where}` };
  }
  const candidates = wanted.running ? runs.filter(isRunning) : runs;
  const [newest] = candidates;
  if (newest) return { ok: true, run: newest };
  const owner = onPull ? "this pull request" : scope.repoFullName;
  return {
    ok: false,
    problem: wanted.running ? `no run of ${owner} is running` : `${owner} has no runs yet`,
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
