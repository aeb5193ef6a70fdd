// Every `podSpecPatch` of a workflow spec, read the way Argo reads it: a string of YAML (or
// JSON) that is merged over the pod spec Argo built. What a patch sets counts like any other
// pod field, so it is parsed here once for the pod security and service-account checks.
import { isRecord, isTemplated } from "../../argo/lint/yaml-value.ts";
import { loadYaml } from "../../yaml/load-yaml.ts";
import { childOf, type Place } from "./place.ts";
import type { TemplateSite } from "./template-sites.ts";
import type { WorkflowSpecAt } from "./workflow-spec.ts";

export interface PodSpecPatchAt {
  /** The `podSpecPatch` field itself. */
  place: Place;
  /** The template it belongs to; undefined for the workflow spec's (it patches every pod). */
  site?: TemplateSite;
  /** The parsed pod spec fields, when the text parses as a mapping. */
  patch?: Record<string, unknown>;
  /** Where the parsed fields sit: the patch field, with paths inside the patch. */
  patchPlace: Place;
  /** `{{…}}` in the text: Argo fills it in before parsing, so a value could add any field. */
  templated: boolean;
  /** Why the text cannot be read as a pod spec, if it cannot. */
  unreadable?: string;
}

export function podSpecPatchesOf(specAt: WorkflowSpecAt, sites: TemplateSite[]): PodSpecPatchAt[] {
  const patches: PodSpecPatchAt[] = [];
  const add = (holder: Record<string, unknown>, place: Place, site?: TemplateSite) => {
    if (holder.podSpecPatch === undefined) return;
    const patchField = childOf(place, "podSpecPatch");
    patches.push({
      ...readPodSpecPatch(holder.podSpecPatch, patchField),
      site,
    });
  };
  add(specAt.spec, specAt.place);
  for (const site of sites) add(site.template, site.place, site);
  return patches;
}

function readPodSpecPatch(text: unknown, place: Place): PodSpecPatchAt {
  const patchPlace: Place = { path: place.path, inPatch: [] };
  if (typeof text !== "string") {
    return { place, patchPlace, templated: false, unreadable: "is not a string of YAML" };
  }
  const templated = isTemplated(text);
  const loaded = loadYaml(text);
  if (!loaded.ok) {
    const where = `line ${loaded.position.line} of the patch`;
    return {
      place,
      patchPlace,
      templated,
      unreadable: `is not valid YAML (${where}: ${loaded.message})`,
    };
  }
  const values = loaded.documents.map((document) => document.value);
  const [patch] = values;
  if (values.length !== 1 || !isRecord(patch)) {
    return { place, patchPlace, templated, unreadable: "is not one mapping of pod spec fields" };
  }
  const directive = directiveIn(patch);
  if (directive) {
    const unreadable = `uses the strategic-merge directive ${directive}, which coxswain does not follow`;
    return { place, patchPlace, templated, unreadable };
  }
  return { place, patchPlace, templated, patch };
}

// `$patch: replace`, `$retainKeys` and the like could drop fields the rest of the pod spec sets.
function directiveIn(value: unknown): string | undefined {
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = directiveIn(item);
      if (found) return found;
    }
  } else if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (key.startsWith("$")) return key;
      const found = directiveIn(item);
      if (found) return found;
    }
  }
  return undefined;
}
