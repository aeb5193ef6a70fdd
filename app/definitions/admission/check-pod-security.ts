// Holds every pod a definition's runs create to the repository's Pod Security Standard level:
// the field rules at every place Argo takes a pod spec from, restricted's "must be set"
// requirements per container, and the podSpecPatches that cannot be read before the run.
import type { SpecProblem } from "../../argo/spec-problem.ts";
import { type AdmissionContext, admissionError } from "./admission-context.ts";
import { containerViolations } from "./container-rules.ts";
import { describePlace } from "./place.ts";
import {
  appArmorAnnotationViolations,
  automountTokenViolations,
  hostNamespaceViolations,
  podSecurityContextViolations,
  volumeViolations,
} from "./pod-rules.ts";
import { enforces } from "./pod-security-standard.ts";
import { violationMessage } from "./pod-security-violation.ts";
import type { PodSpecPatchAt } from "./pod-spec-patches.ts";
import { podSpecPlacesOf } from "./pod-spec-places.ts";
import { unmetRequirements } from "./restricted-requirements.ts";
import type { TemplateSite } from "./template-sites.ts";
import type { WorkflowSpecAt } from "./workflow-spec.ts";

export function podSecurityProblems(
  specAt: WorkflowSpecAt,
  sites: TemplateSite[],
  patches: PodSpecPatchAt[],
  context: AdmissionContext,
): SpecProblem[] {
  const level = context.admission.podSecurity;
  if (level === "privileged") return [];
  const phrase = `${level} pod security (${context.source})`;
  const problems = patches.flatMap((patch) => unreadablePatchProblems(patch, phrase));
  const places = podSpecPlacesOf(specAt, sites, patches);
  const violations = [
    ...places.containers.flatMap(containerViolations),
    ...places.podSecurityContexts.flatMap(podSecurityContextViolations),
    ...places.volumes.flatMap(volumeViolations),
    ...places.hostNamespaces.flatMap(hostNamespaceViolations),
    ...places.podAnnotations.flatMap(appArmorAnnotationViolations),
    ...places.automountTokens.flatMap(automountTokenViolations),
  ];
  for (const violation of violations) {
    if (enforces(level, violation.from))
      problems.push(admissionError(violation.place, violationMessage(violation, phrase)));
  }
  if (level === "restricted") {
    for (const { place, requirement, found, fix } of unmetRequirements(specAt, sites, patches)) {
      const message = `${phrase} requires ${requirement}: ${describePlace(place)} ${found}; ${fix}`;
      problems.push(admissionError(place, message));
    }
  }
  return problems;
}

function unreadablePatchProblems(patch: PodSpecPatchAt, phrase: string): SpecProblem[] {
  const where = describePlace(patch.place);
  if (patch.templated) {
    return [
      admissionError(
        patch.place,
        `${phrase} refuses a podSpecPatch filled in at run time: ${where} contains {{…}}, which Argo fills in before it reads the patch, so a value could set any pod field; write the patch without {{…}} (parameters work in the template's own fields, e.g. container.resources)`,
      ),
    ];
  }
  if (patch.unreadable) {
    return [
      admissionError(
        patch.place,
        `${phrase} refuses a podSpecPatch it cannot read: ${where} ${patch.unreadable}; write it as a YAML mapping of pod spec fields`,
      ),
    ];
  }
  return [];
}
