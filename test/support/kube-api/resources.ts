// The resource types the test API serves, with the per-type behaviour the real registry has.
import { type JsonObject, objectAt, stringAt } from "./json.ts";

export interface ResourceType {
  readonly group: string;
  readonly version: string;
  readonly plural: string;
  readonly singular: string;
  readonly kind: string;
  readonly namespaced: boolean;
  /** Served from a CustomResourceDefinition: generation, schema pruning, no strategic merge. */
  readonly custom: boolean;
  /** JSON-schema definition (in Argo's schema.json) used to drop unknown fields. */
  readonly schemaDefinition?: string;
  readonly requiresSpec: boolean;
  /** PUT of a missing object creates it (leases). */
  readonly allowCreateOnUpdate: boolean;
  /** PUT without metadata.resourceVersion is allowed (built-in types). */
  readonly unconditionalUpdate: boolean;
  /** DELETE answers the deleted object instead of a Status (pods, namespaces). */
  readonly returnsDeletedObject: boolean;
  /** Field selector labels beyond metadata.name / metadata.namespace. */
  readonly extraFieldLabels: Readonly<Record<string, (object: JsonObject) => string>>;
  readonly shortNames: readonly string[];
  readonly subresources: readonly string[];
}

const argo = (plural: string, kind: string, namespaced: boolean, shortNames: string[]) =>
  ({
    group: "argoproj.io",
    version: "v1alpha1",
    plural,
    singular: kind.toLowerCase(),
    kind,
    namespaced,
    custom: true,
    schemaDefinition: `io.argoproj.workflow.v1alpha1.${kind}`,
    requiresSpec: true,
    allowCreateOnUpdate: false,
    unconditionalUpdate: false,
    returnsDeletedObject: false,
    extraFieldLabels: {},
    shortNames,
    subresources: [],
  }) satisfies ResourceType;

const builtIn = (
  group: string,
  plural: string,
  kind: string,
  extra: Partial<ResourceType> = {},
): ResourceType => ({
  group,
  version: "v1",
  plural,
  singular: kind.toLowerCase(),
  kind,
  namespaced: true,
  custom: false,
  requiresSpec: false,
  allowCreateOnUpdate: false,
  unconditionalUpdate: true,
  returnsDeletedObject: false,
  extraFieldLabels: {},
  shortNames: [],
  subresources: [],
  ...extra,
});

const nested = (object: JsonObject, a: string, b: string) => stringAt(objectAt(object, a), b) ?? "";

export const RESOURCES: readonly ResourceType[] = [
  argo("workflows", "Workflow", true, ["wf"]),
  argo("workflowtemplates", "WorkflowTemplate", true, ["wftmpl"]),
  argo("cronworkflows", "CronWorkflow", true, ["cwf", "cronwf"]),
  argo("clusterworkflowtemplates", "ClusterWorkflowTemplate", false, ["clusterwftmpl", "cwft"]),
  builtIn("", "namespaces", "Namespace", {
    namespaced: false,
    returnsDeletedObject: true,
    shortNames: ["ns"],
    extraFieldLabels: { "status.phase": (o) => nested(o, "status", "phase") },
  }),
  builtIn("", "pods", "Pod", {
    returnsDeletedObject: true,
    shortNames: ["po"],
    subresources: ["log", "status"],
    extraFieldLabels: {
      "spec.nodeName": (o) => nested(o, "spec", "nodeName"),
      "spec.restartPolicy": (o) => nested(o, "spec", "restartPolicy"),
      "spec.serviceAccountName": (o) => nested(o, "spec", "serviceAccountName"),
      "status.phase": (o) => nested(o, "status", "phase"),
      "status.podIP": (o) => nested(o, "status", "podIP"),
    },
  }),
  builtIn("", "configmaps", "ConfigMap", { shortNames: ["cm"] }),
  builtIn("", "secrets", "Secret", {
    extraFieldLabels: { type: (o) => stringAt(o, "type") ?? "" },
  }),
  builtIn("coordination.k8s.io", "leases", "Lease", { allowCreateOnUpdate: true }),
];

export function apiVersionOf(rt: ResourceType): string {
  return rt.group ? `${rt.group}/${rt.version}` : rt.version;
}

/** `workflows.argoproj.io`, or `configmaps` for the core group. */
export function groupResource(rt: ResourceType): string {
  return rt.group ? `${rt.plural}.${rt.group}` : rt.plural;
}

/** `Workflow.argoproj.io`, or `ConfigMap` for the core group. */
export function qualifiedKind(kind: string, group: string): string {
  return group ? `${kind}.${group}` : kind;
}

export function findResource(group: string, version: string, plural: string) {
  return RESOURCES.find((r) => r.group === group && r.version === version && r.plural === plural);
}

export function isKnownGroupVersion(group: string, version: string): boolean {
  return RESOURCES.some((r) => r.group === group && r.version === version);
}

/** Resolves "workflows", "argoproj.io/workflows", "Workflow" or a short name. */
export function resolveResource(ref: string): ResourceType {
  const [maybeGroup, maybePlural] = ref.includes("/") ? ref.split("/", 2) : [undefined, ref];
  const found = RESOURCES.find(
    (r) =>
      (maybeGroup === undefined || r.group === maybeGroup) &&
      (r.plural === maybePlural ||
        r.kind === maybePlural ||
        r.shortNames.includes(maybePlural ?? "")),
  );
  if (!found) throw new Error(`test kube API: unknown resource "${ref}"`);
  return found;
}

export function resourceForObject(object: JsonObject): ResourceType {
  const apiVersion = stringAt(object, "apiVersion") ?? "";
  const kind = stringAt(object, "kind") ?? "";
  const found = RESOURCES.find((r) => apiVersionOf(r) === apiVersion && r.kind === kind);
  if (!found) throw new Error(`test kube API: no resource serves ${apiVersion} ${kind}`);
  return found;
}

export function objectKey(rt: ResourceType, namespace: string | undefined, name: string): string {
  return rt.namespaced ? `${namespace ?? ""}/${name}` : name;
}

export const NAMESPACES = RESOURCES.find((r) => r.plural === "namespaces")!;
export const PODS = RESOURCES.find((r) => r.plural === "pods")!;
