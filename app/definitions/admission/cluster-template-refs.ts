// ClusterWorkflowTemplates are shared by every namespace and run with this repository's
// service account, so a `templateRef` or `workflowTemplateRef` with `clusterScope: true` may
// call only the ones the repository's rule lists (none by default).
import { isRecord, isTemplated } from "../../argo/lint/yaml-value.ts";
import type { SpecProblem } from "../../argo/spec-problem.ts";
import { type AdmissionContext, admissionError, sourceOwner } from "./admission-context.ts";
import { childOf, describePlace, type Place } from "./place.ts";
import {
  hooksOf,
  type InvocationSite,
  invocationsOf,
  type TemplateSite,
} from "./template-sites.ts";
import type { WorkflowSpecAt } from "./workflow-spec.ts";

interface ReferenceAt {
  reference: Record<string, unknown>;
  place: Place;
}

export function clusterTemplateRefProblems(
  specAt: WorkflowSpecAt,
  sites: TemplateSite[],
  context: AdmissionContext,
): SpecProblem[] {
  const allowed = context.admission.clusterWorkflowTemplates;
  return referencesOf(specAt, sites).flatMap(({ reference, place }) => {
    if (reference.clusterScope !== true) return [];
    const name = reference.name;
    if (typeof name === "string" && allowed.includes(name)) return [];
    const at = childOf(place, "name");
    const list = allowed.length ? allowed.join(", ") : "none";
    const whose = `${sourceOwner(context)} clusterWorkflowTemplates: ${list}`;
    const message =
      typeof name === "string" && isTemplated(name)
        ? `${describePlace(at)} is filled in at run time (${JSON.stringify(name)}), so coxswain cannot tell which ClusterWorkflowTemplate it calls; name one (${whose})`
        : `${describePlace(place)} calls ClusterWorkflowTemplate ${JSON.stringify(name)}, which this repository may not call (${whose})`;
    return [admissionError(at, message)];
  });
}

function referencesOf(specAt: WorkflowSpecAt, sites: TemplateSite[]): ReferenceAt[] {
  const references: ReferenceAt[] = [];
  const add = (holder: Record<string, unknown>, place: Place, field: string) => {
    const reference = holder[field];
    if (isRecord(reference)) references.push({ reference, place: childOf(place, field) });
  };
  const addCalls = (calls: InvocationSite[]) => {
    for (const { invocation, place } of calls) {
      add(invocation, place, "templateRef");
      for (const hook of hooksOf(invocation, place))
        add(hook.invocation, hook.place, "templateRef");
    }
  };
  add(specAt.spec, specAt.place, "workflowTemplateRef");
  addCalls(hooksOf(specAt.spec, specAt.place));
  for (const site of sites) addCalls(invocationsOf(site));
  return references;
}
