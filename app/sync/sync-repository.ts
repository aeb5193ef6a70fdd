// Syncs a commit into the cluster: plan, then apply only what changed and prune what Git
// no longer has. An invalid commit applies nothing.
import { applyChanges } from "./apply-changes.ts";
import {
  type PlanDeps,
  type PlanOutcome,
  type PlanRequest,
  planRepository,
} from "./plan-repository.ts";

export async function syncRepository(request: PlanRequest, deps: PlanDeps): Promise<PlanOutcome> {
  const plan = await planRepository(request, deps);
  if (!plan.ok) return plan;
  await applyChanges(deps.cluster, request.namespace, plan.changes);
  return plan;
}
