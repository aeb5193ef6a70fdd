// The containers of the pod a template runs, and for each one the securityContexts a value
// may come from, in the order Argo lets them win: a podSpecPatch entry of the same name (the
// template's patch, else templateDefaults', then the workflow's), the container's own, then
// for a container or script the one in spec.templateDefaults (Argo merges templateDefaults
// into each template and keeps only the part of the template's type). Pod-level values come
// from the patches, then the template's securityContext merged with templateDefaults', or,
// when neither has one, the workflow spec's.
import { arrayOf, isRecord } from "../../argo/lint/yaml-value.ts";
import { childOf, describePlace, type Place } from "./place.ts";
import type { PodSpecPatchAt } from "./pod-spec-patches.ts";
import type { TemplateSite } from "./template-sites.ts";
import type { WorkflowSpecAt } from "./workflow-spec.ts";

export interface Source {
  securityContext: unknown;
  place: Place;
}

export interface PodContainer {
  place: Place;
  sources: Source[];
  /** Added by a podSpecPatch: only the patch sets its values. */
  fromPatch?: boolean;
}

export interface PodLevel {
  sources: Source[];
  hint: string;
}

export interface Found {
  value: unknown;
  place: Place;
}

// Argo's own executor containers; their securityContext is the controller's configuration.
const executorContainers = ["wait", "init"];

/**
 * The value at `path` of the first source that sets it. A patch's `null` deletes what lies
 * under it (strategic merge), so the sources below it do not count.
 */
export function effective(sources: Source[], path: readonly string[]): Found | undefined {
  for (const source of sources) {
    let value: unknown = source.securityContext;
    for (const key of path) {
      if (value === null) return undefined;
      value = isRecord(value) ? value[key] : undefined;
    }
    if (value === null) return undefined;
    if (value !== undefined) return { value, place: childOf(source.place, ...path) };
  }
  return undefined;
}

export function podLevelOf(
  specAt: WorkflowSpecAt,
  site: TemplateSite,
  defaults: TemplateSite | undefined,
  patches: PodSpecPatchAt[],
): PodLevel {
  const fromPatches = patches.map((patch) => ({
    securityContext: patch.patch?.securityContext,
    place: childOf(patch.patchPlace, "securityContext"),
  }));
  const own = {
    securityContext: site.template.securityContext,
    place: childOf(site.place, "securityContext"),
  };
  const spec = {
    securityContext: specAt.spec.securityContext,
    place: childOf(specAt.place, "securityContext"),
  };
  const fromDefaults = defaults
    ? [
        {
          securityContext: defaults.template.securityContext,
          place: childOf(defaults.place, "securityContext"),
        },
      ]
    : [];
  if (isRecord(own.securityContext) || isRecord(fromDefaults[0]?.securityContext)) {
    return {
      sources: [...fromPatches, own, ...fromDefaults],
      hint: `${describePlace(own.place)} (a template's securityContext replaces ${describePlace(spec.place)})`,
    };
  }
  return {
    sources: [...fromPatches, spec],
    hint: `${describePlace(own.place)} or ${describePlace(spec.place)}`,
  };
}

interface Written {
  container: Record<string, unknown>;
  place: Place;
  /** The pod spec list a patch names it in. */
  list: "containers" | "initContainers";
  /** `container` or `script`: the part of templateDefaults merged into it. */
  defaultsField?: string;
}

export function containersOf(
  site: TemplateSite,
  defaults: TemplateSite | undefined,
  patches: PodSpecPatchAt[],
): PodContainer[] {
  const containers = writtenContainers(site).map(({ container, place, list, defaultsField }) => {
    const name = typeof container.name === "string" ? container.name : "main";
    const sources = [
      ...patchEntries(patches, list, name),
      { securityContext: container.securityContext, place: childOf(place, "securityContext") },
    ];
    const counterpart = defaultsField ? defaults?.template[defaultsField] : undefined;
    if (defaults && defaultsField && isRecord(counterpart)) {
      const defaultsPlace = childOf(defaults.place, defaultsField, "securityContext");
      sources.push({ securityContext: counterpart.securityContext, place: defaultsPlace });
    }
    return { name, place, sources };
  });
  const known = new Set(containers.map((container) => container.name));
  return [...containers, ...patchOnlyContainers(patches, known)];
}

function writtenContainers(site: TemplateSite): Written[] {
  const written: Written[] = [];
  for (const field of ["container", "script"]) {
    const container = site.template[field];
    if (isRecord(container)) {
      written.push({
        container,
        place: childOf(site.place, field),
        list: "containers",
        defaultsField: field,
      });
    }
  }
  const containerSet = site.template.containerSet;
  const lists: Array<[unknown, Place, Written["list"]]> = [
    [
      isRecord(containerSet) ? containerSet.containers : undefined,
      childOf(site.place, "containerSet", "containers"),
      "containers",
    ],
    [site.template.sidecars, childOf(site.place, "sidecars"), "containers"],
    [site.template.initContainers, childOf(site.place, "initContainers"), "initContainers"],
  ];
  for (const [items, place, list] of lists) {
    arrayOf<unknown>(items).forEach((container, index) => {
      if (isRecord(container)) written.push({ container, place: childOf(place, index), list });
    });
  }
  return written;
}

/** The securityContext each patch gives the container of that name, if it names it. */
function patchEntries(patches: PodSpecPatchAt[], list: string, name: string): Source[] {
  return patches.flatMap((patch) => {
    const entries = arrayOf<unknown>(patch.patch?.[list]);
    const index = entries.findIndex((entry) => isRecord(entry) && entry.name === name);
    const entry = entries[index];
    if (!isRecord(entry)) return [];
    return [
      {
        securityContext: entry.securityContext,
        place: childOf(patch.patchPlace, list, index, "securityContext"),
      },
    ];
  });
}

/** Containers a patch adds to the pod rather than changes. */
function patchOnlyContainers(patches: PodSpecPatchAt[], known: Set<string>): PodContainer[] {
  return patches.flatMap((patch) =>
    ["containers", "initContainers"].flatMap((list) =>
      arrayOf<unknown>(patch.patch?.[list]).flatMap((entry, index): PodContainer[] => {
        if (!isRecord(entry) || typeof entry.name !== "string") return [];
        if (known.has(entry.name) || executorContainers.includes(entry.name)) return [];
        const place = childOf(patch.patchPlace, list, index);
        const sources = [
          { securityContext: entry.securityContext, place: childOf(place, "securityContext") },
        ];
        return [{ place, sources, fromPatch: true }];
      }),
    ),
  );
}
