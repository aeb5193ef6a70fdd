// What a definition may make the cluster do, checked before anything is applied or run:
// reserved identity keys, the pod security level, service accounts, resource templates and
// cluster-scoped template references. Pure: the parsed document in, problems out.
import type { SpecProblem } from "../../argo/spec-problem.ts";
import type { AdmissionContext } from "./admission-context.ts";
import { podSecurityProblems } from "./check-pod-security.ts";
import { clusterTemplateRefProblems } from "./cluster-template-refs.ts";
import { podSpecPatchesOf } from "./pod-spec-patches.ts";
import { reservedKeyProblems } from "./reserved-keys.ts";
import { resourceTemplateProblems } from "./resource-templates.ts";
import { serviceAccountProblems } from "./service-accounts.ts";
import { templateSitesOf } from "./template-sites.ts";
import { type DefinitionDocument, workflowSpecOf } from "./workflow-spec.ts";

export function checkAdmission(
  document: DefinitionDocument,
  context: AdmissionContext,
): SpecProblem[] {
  const specAt = workflowSpecOf(document);
  if (!specAt) return reservedKeyProblems(document, undefined, []);
  const walk = templateSitesOf(specAt);
  const patches = podSpecPatchesOf(specAt, walk.sites);
  return distinct([
    ...reservedKeyProblems(document, specAt, walk.sites),
    ...walk.problems,
    ...podSecurityProblems(specAt, walk.sites, patches, context),
    ...serviceAccountProblems(specAt, walk.sites, patches, context),
    ...resourceTemplateProblems(walk.sites, context),
    ...clusterTemplateRefProblems(specAt, walk.sites, context),
  ]);
}

// A workflow-level podSpecPatch or a templateDefaults value reaches every template's pod:
// one problem at its place is enough.
function distinct(problems: SpecProblem[]): SpecProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.path.join("\u0000")}\u0001${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
