// Retention of finished runs: list (paged) the templates' rules and the finished runs coxswain
// manages, decide, then delete with bounded concurrency and background propagation (the pods
// go too). Running, pending and unmanaged Workflows are never listed, so never touched. Each
// deletion names the object's uid, so a run re-created under the same name is left alone.
import type { ArgoCluster } from "../cluster/argo-cluster.ts";
import { KubeApiError } from "../cluster/kube-api-error.ts";
import { annotationKeys, labelKeys, managedSelector } from "../cluster/labels.ts";
import type { Retention, ServerRetention } from "../config/retention-config.ts";
import { mapBounded } from "../util/map-bounded.ts";
import { type FinishedRun, type PruneDecision, planPrune } from "./plan-prune.ts";

export interface PruneOptions {
  dryRun: boolean;
  /** Deletions in flight at once. */
  concurrency?: number;
  namespace?: string;
  now?: number;
  /** Told of each run deleted. */
  onDeleted?: (decision: PruneDecision) => void;
}

export interface PruneResult {
  decisions: PruneDecision[];
  deleted: number;
  /** Already gone, or replaced by a new object of the same name: nothing to do. */
  skipped: number;
}

const managed = managedSelector;
const endedPhases = new Set(["Succeeded", "Failed", "Error"]);

export async function pruneRuns(
  cluster: ArgoCluster,
  defaults: ServerRetention,
  options: PruneOptions,
): Promise<PruneResult> {
  const rules = await templateRules(cluster, options.namespace);
  const runs: FinishedRun[] = [];
  for await (const run of cluster.list("Workflow", options.namespace, {
    labelSelector: `${managed},${labelKeys.argoCompleted}=true`,
    limit: 500,
  })) {
    const status = run.status as { phase?: string; finishedAt?: string } | undefined;
    if (!endedPhases.has(status?.phase ?? "")) continue;
    const labels = run.metadata.labels ?? {};
    runs.push({
      namespace: run.metadata.namespace ?? "",
      name: run.metadata.name,
      uid: run.metadata.uid ?? "",
      repo: labels[labelKeys.repo] ?? "",
      template:
        run.metadata.annotations?.[annotationKeys.template] ?? labels[labelKeys.template] ?? "",
      finishedAt: Date.parse(status?.finishedAt ?? run.metadata.creationTimestamp ?? "") || 0,
    });
  }
  const fallback = { keepLast: defaults.keepLast, maxAgeSeconds: defaults.maxAge };
  const decisions = planPrune(
    runs,
    (run) => rules.get(`${run.namespace}/${run.template}`) ?? fallback,
    options.now ?? Date.now(),
  );
  if (options.dryRun) return { decisions, deleted: 0, skipped: 0 };
  let deleted = 0;
  let skipped = 0;
  await mapBounded(decisions, options.concurrency ?? 8, async (decision) => {
    const { namespace, name, uid } = decision.run;
    const gone = await withRetries(async () => {
      try {
        return !(await cluster.delete("Workflow", namespace, name, "Background", uid || undefined));
      } catch (error) {
        if (error instanceof KubeApiError && error.code === 409) return true; // a new object now
        throw error;
      }
    });
    if (gone) skipped++;
    else {
      deleted++;
      options.onDeleted?.(decision);
    }
  });
  return { decisions, deleted, skipped };
}

/** Each synced template's rule, from the annotation the sync puts on it. */
async function templateRules(
  cluster: ArgoCluster,
  namespace: string | undefined,
): Promise<Map<string, Retention>> {
  const rules = new Map<string, Retention>();
  for await (const template of cluster.list("WorkflowTemplate", namespace, {
    labelSelector: managed,
  })) {
    const raw = template.metadata.annotations?.[annotationKeys.retention];
    if (!raw) continue;
    try {
      const rule = JSON.parse(raw) as Retention;
      if (rule.keepLast > 0 && rule.maxAgeSeconds > 0)
        rules.set(`${template.metadata.namespace}/${template.metadata.name}`, rule);
    } catch {
      // an annotation edited by hand: the server's defaults apply
    }
  }
  return rules;
}

/** 429 and 5xx are tried again, waiting 0.2 s, 0.4 s, 0.8 s; other errors fail at once. */
async function withRetries<T>(work: () => Promise<T>, tries = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const code = error instanceof KubeApiError ? error.code : 0;
      if (attempt >= tries || !(code === 429 || code >= 500)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** (attempt - 1)));
    }
  }
}
