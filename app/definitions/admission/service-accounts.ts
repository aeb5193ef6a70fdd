// The service accounts a definition's pods may run as: every serviceAccountName Argo reads
// (the workflow spec's, each template's, templateDefaults', inline templates' at any depth,
// their executor's) and the ones a podSpecPatch sets, checked against the server policy.
import { isRecord, isTemplated } from "../../argo/lint/yaml-value.ts";
import type { SpecProblem } from "../../argo/spec-problem.ts";
import { type AdmissionContext, admissionError } from "./admission-context.ts";
import { childOf, describePlace, type Place } from "./place.ts";
import type { PodSpecPatchAt } from "./pod-spec-patches.ts";
import type { TemplateSite } from "./template-sites.ts";
import type { WorkflowSpecAt } from "./workflow-spec.ts";

interface AccountAt {
  value: unknown;
  place: Place;
}

export function serviceAccountProblems(
  specAt: WorkflowSpecAt,
  sites: TemplateSite[],
  patches: PodSpecPatchAt[],
  context: AdmissionContext,
): SpecProblem[] {
  const allowed = context.serviceAccounts;
  if (!allowed) return [];
  const accounts = [
    ...accountsOf(specAt.spec, specAt.place),
    ...sites.flatMap((site) => accountsOf(site.template, site.place)),
  ];
  const problems: SpecProblem[] = [];
  for (const patch of patches) {
    if (patch.patch) {
      for (const field of ["serviceAccountName", "serviceAccount"]) {
        const value = patch.patch[field];
        if (value !== undefined) accounts.push({ value, place: childOf(patch.patchPlace, field) });
      }
    } else if (context.admission.podSecurity === "privileged") {
      // Below privileged the pod security check refuses an unreadable patch already.
      const message = `${describePlace(patch.place)} ${patch.unreadable}, so the service account it may set cannot be checked against the server policy; write it as a YAML mapping of pod spec fields`;
      problems.push(admissionError(patch.place, message));
    }
  }
  for (const { value, place } of accounts) {
    if (typeof value === "string" && allowed.includes(value)) continue;
    problems.push(admissionError(place, accountMessage(value, place, allowed)));
  }
  return problems;
}

/** `serviceAccountName` and `executor.serviceAccountName` of a spec or a template. */
function accountsOf(holder: Record<string, unknown>, place: Place): AccountAt[] {
  const found: AccountAt[] = [];
  if (holder.serviceAccountName !== undefined) {
    found.push({ value: holder.serviceAccountName, place: childOf(place, "serviceAccountName") });
  }
  const executor = holder.executor;
  if (isRecord(executor) && executor.serviceAccountName !== undefined) {
    const executorPlace = childOf(place, "executor", "serviceAccountName");
    found.push({ value: executor.serviceAccountName, place: executorPlace });
  }
  return found;
}

function accountMessage(value: unknown, place: Place, allowed: string[]): string {
  const list = allowed.length ? allowed.join(", ") : "none; leave it unset";
  const name = typeof value === "string" ? value : JSON.stringify(value);
  const where = place.inPatch ? ` (set by ${describePlace(place)})` : "";
  if (typeof value === "string" && isTemplated(value)) {
    return `service account "${name}"${where} is filled in at run time, so the server policy cannot admit it; name one it allows (allowed: ${list})`;
  }
  return `service account "${name}"${where} is not allowed by the server policy (allowed: ${list})`;
}
