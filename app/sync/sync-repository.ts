// Syncs a commit into the cluster: plan, then apply only what changed and prune what Git
// no longer has. An invalid commit applies nothing. A plan made from a watch's copy of the
// namespace is applied only where the objects are still as seen; when one is not (409), the
// commit is planned again from a fresh list and applied.
import { KubeApiError } from "../cluster/kube-api-error.ts";
import { applyChanges } from "./apply-changes.ts";
import {
  type PlanDeps,
  type PlanOptions,
  type PlanOutcome,
  type PlanRequest,
  planRepository,
} from "./plan-repository.ts";

export async function syncRepository(
  request: PlanRequest,
  deps: PlanDeps,
  options: PlanOptions = {},
): Promise<PlanOutcome> {
  const plan = await planRepository(request, deps, options);
  if (!plan.ok) return plan;
  const cache = deps.namespaceCache ? { cache: deps.namespaceCache } : {};
  try {
    await applyChanges(deps.cluster, request.namespace, plan.changes, {
      pinned: plan.fromWatch,
      ...cache,
    });
    return plan;
  } catch (error) {
    if (!plan.fromWatch || !(error instanceof KubeApiError) || error.code !== 409) throw error;
  }
  const fresh = await planRepository(request, deps, { fresh: true });
  if (!fresh.ok) return fresh;
  await applyChanges(deps.cluster, request.namespace, fresh.changes, cache);
  return fresh;
}
