// Every place Argo takes a part of a pod spec from: the containers of container, script and
// containerSet templates with their sidecars and init containers (in spec.templates,
// spec.templateDefaults and inline templates at any depth), pod-level securityContext,
// volumes, host namespaces, pod annotations and automountServiceAccountToken of the workflow
// spec and of each template, and the same fields inside every readable podSpecPatch.
import { arrayOf, isRecord } from "../../argo/lint/yaml-value.ts";
import { childOf, type Place } from "./place.ts";
import type { PodSpecPatchAt } from "./pod-spec-patches.ts";
import type { TemplateSite } from "./template-sites.ts";
import type { WorkflowSpecAt } from "./workflow-spec.ts";

export interface ValueAt<T> {
  value: T;
  place: Place;
}

export interface PodSpecPlaces {
  containers: ValueAt<Record<string, unknown>>[];
  podSecurityContexts: ValueAt<Record<string, unknown>>[];
  volumes: ValueAt<Record<string, unknown>>[];
  /** hostNetwork, hostPID, hostIPC: the field is the last key of the place. */
  hostNamespaces: ValueAt<unknown>[];
  podAnnotations: ValueAt<Record<string, unknown>>[];
  automountTokens: ValueAt<unknown>[];
}

export function podSpecPlacesOf(
  specAt: WorkflowSpecAt,
  sites: TemplateSite[],
  patches: PodSpecPatchAt[],
): PodSpecPlaces {
  const places: PodSpecPlaces = {
    containers: [],
    podSecurityContexts: [],
    volumes: [],
    hostNamespaces: [],
    podAnnotations: [],
    automountTokens: [],
  };
  const { spec, place } = specAt;
  addPodFields(places, spec, place);
  if (spec.hostNetwork !== undefined)
    places.hostNamespaces.push({ value: spec.hostNetwork, place: childOf(place, "hostNetwork") });
  const podMetadata = spec.podMetadata;
  if (isRecord(podMetadata) && isRecord(podMetadata.annotations)) {
    const annotations = podMetadata.annotations;
    places.podAnnotations.push({
      value: annotations,
      place: childOf(place, "podMetadata", "annotations"),
    });
  }
  for (const site of sites) addTemplate(places, site);
  for (const { patch, patchPlace, templated } of patches) {
    // A templated patch is refused as a whole below privileged; its fields prove nothing.
    if (patch && !templated) addPatch(places, patch, patchPlace);
  }
  return places;
}

function addTemplate(places: PodSpecPlaces, { template, place }: TemplateSite): void {
  for (const field of ["container", "script"]) {
    const container = template[field];
    if (isRecord(container))
      places.containers.push({ value: container, place: childOf(place, field) });
  }
  const containerSet = template.containerSet;
  if (isRecord(containerSet)) {
    addContainers(places, containerSet.containers, childOf(place, "containerSet", "containers"));
  }
  addContainers(places, template.sidecars, childOf(place, "sidecars"));
  addContainers(places, template.initContainers, childOf(place, "initContainers"));
  addPodFields(places, template, place);
  const metadata = template.metadata;
  if (isRecord(metadata) && isRecord(metadata.annotations)) {
    const annotations = metadata.annotations;
    places.podAnnotations.push({
      value: annotations,
      place: childOf(place, "metadata", "annotations"),
    });
  }
  if (isRecord(template.annotations)) {
    places.podAnnotations.push({
      value: template.annotations,
      place: childOf(place, "annotations"),
    });
  }
}

function addPatch(places: PodSpecPlaces, patch: Record<string, unknown>, place: Place): void {
  for (const field of ["containers", "initContainers", "ephemeralContainers"]) {
    addContainers(places, patch[field], childOf(place, field));
  }
  addPodFields(places, patch, place);
  for (const field of ["hostNetwork", "hostPID", "hostIPC"]) {
    if (patch[field] !== undefined)
      places.hostNamespaces.push({ value: patch[field], place: childOf(place, field) });
  }
}

/** securityContext, volumes and automountServiceAccountToken: a spec, a template and a patch have them. */
function addPodFields(places: PodSpecPlaces, holder: Record<string, unknown>, place: Place): void {
  if (isRecord(holder.securityContext)) {
    const securityContext = holder.securityContext;
    places.podSecurityContexts.push({
      value: securityContext,
      place: childOf(place, "securityContext"),
    });
  }
  arrayOf<unknown>(holder.volumes).forEach((volume, index) => {
    if (isRecord(volume))
      places.volumes.push({ value: volume, place: childOf(place, "volumes", index) });
  });
  if (holder.automountServiceAccountToken !== undefined) {
    const value = holder.automountServiceAccountToken;
    places.automountTokens.push({ value, place: childOf(place, "automountServiceAccountToken") });
  }
}

function addContainers(places: PodSpecPlaces, list: unknown, place: Place): void {
  arrayOf<unknown>(list).forEach((container, index) => {
    if (isRecord(container))
      places.containers.push({ value: container, place: childOf(place, index) });
  });
}
