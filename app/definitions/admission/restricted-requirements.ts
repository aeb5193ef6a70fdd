// What restricted requires to be set on every container of every pod a template runs:
// allowPrivilegeEscalation: false, capabilities.drop including ALL, runAsNonRoot: true and a
// RuntimeDefault or Localhost seccomp profile, each counted where Argo would apply it to that
// container (pod-containers.ts). Explicit wrong values are the field rules' to report.
import { arrayOf } from "../../argo/lint/yaml-value.ts";
import { childOf, type Place } from "./place.ts";
import {
  containersOf,
  effective,
  type PodContainer,
  type PodLevel,
  podLevelOf,
} from "./pod-containers.ts";
import type { PodSpecPatchAt } from "./pod-spec-patches.ts";
import type { TemplateSite } from "./template-sites.ts";
import type { WorkflowSpecAt } from "./workflow-spec.ts";

export interface Unmet {
  place: Place;
  requirement: string;
  found: string;
  fix: string;
}

export function unmetRequirements(
  specAt: WorkflowSpecAt,
  sites: TemplateSite[],
  patches: PodSpecPatchAt[],
): Unmet[] {
  // A templated patch is refused as a whole; it proves nothing here.
  const readable = patches.filter((patch) => patch.patch && !patch.templated);
  const defaults = sites.find((site) => site.kind === "templateDefaults");
  const specPatch = readable.find((patch) => !patch.site);
  const defaultsPatch = readable.find((patch) => defaults && patch.site === defaults);
  return sites
    .filter((site) => site.kind !== "templateDefaults" && runsPod(site.template))
    .flatMap((site) => {
      // A template's own podSpecPatch replaces templateDefaults'; the workflow's applies under both.
      const own = patches.find((patch) => patch.site === site);
      const sitePatch = own ? readable.find((patch) => patch === own) : defaultsPatch;
      const applied = [sitePatch, specPatch].filter((patch) => patch !== undefined);
      const pod = podLevelOf(specAt, site, defaults, applied);
      return containersOf(site, defaults, applied).flatMap((container) => unmetFor(container, pod));
    });
}

function runsPod(template: Record<string, unknown>): boolean {
  return ["container", "script", "containerSet"].some((field) => template[field] !== undefined);
}

const podLevelRequirements = [
  {
    path: ["runAsNonRoot"],
    requirement: "runAsNonRoot: true for every container",
    value: "runAsNonRoot: true",
  },
  {
    path: ["seccompProfile", "type"],
    requirement: "a RuntimeDefault or Localhost seccomp profile for every container",
    value: "seccompProfile.type: RuntimeDefault",
  },
];

function unmetFor(container: PodContainer, pod: PodLevel): Unmet[] {
  const unmet: Unmet[] = [];
  const notSet = (path: string[], requirement: string, fix: string) => {
    const place = childOf(container.place, "securityContext", ...path);
    unmet.push({ place, requirement, found: "is not set", fix });
  };
  if (effective(container.sources, ["allowPrivilegeEscalation"]) === undefined) {
    const fix = `set it to false there`;
    notSet(["allowPrivilegeEscalation"], "allowPrivilegeEscalation: false on every container", fix);
  }
  const dropAll = "every container to drop ALL capabilities";
  const drop = effective(container.sources, ["capabilities", "drop"]);
  if (drop === undefined) {
    notSet(["capabilities", "drop"], dropAll, `set capabilities.drop: [ALL] there`);
  } else if (!arrayOf<unknown>(drop.value).includes("ALL")) {
    unmet.push({
      place: drop.place,
      requirement: dropAll,
      found: "does not include ALL",
      fix: "add ALL to it",
    });
  }
  for (const { path, requirement, value } of podLevelRequirements) {
    if (effective(container.sources, path) ?? effective(pod.sources, path)) continue;
    const podHint = container.fromPatch ? "the patch's securityContext" : pod.hint;
    notSet(path, requirement, `set ${value} there, or for the whole pod in ${podHint}`);
  }
  return unmet;
}
