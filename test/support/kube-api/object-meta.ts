// Server-owned metadata: what the server sets on create, keeps on update, and per-type defaults.
import { type ApiContext, newUid, timestamp } from "./context.ts";
import { childObject, type JsonObject, jsonEqual, objectAt, stringAt } from "./json.ts";
import {
  apiVersionOf,
  groupResource,
  NAMESPACES,
  objectKey,
  type ResourceType,
} from "./resources.ts";
import { badRequest, failure, notFound } from "./status.ts";

export const metadataOf = (object: JsonObject) => childObject(object, "metadata");
export const nameOf = (object: JsonObject) => stringAt(objectAt(object, "metadata"), "name") ?? "";
export const namespaceOf = (object: JsonObject) =>
  stringAt(objectAt(object, "metadata"), "namespace");
export const uidOf = (object: JsonObject) => stringAt(objectAt(object, "metadata"), "uid") ?? "";
export const resourceVersionOf = (object: JsonObject) =>
  stringAt(objectAt(object, "metadata"), "resourceVersion") ?? "";

const SERVER_FIELDS = [
  "uid",
  "resourceVersion",
  "creationTimestamp",
  "generation",
  "deletionTimestamp",
  "deletionGracePeriodSeconds",
  "selfLink",
] as const;

/** Copies the fields clients cannot change from `from` onto `to` (or drops them when `from` is undefined). */
export function carryServerFields(
  to: JsonObject,
  from: JsonObject | undefined,
  keepResourceVersion = false,
): void {
  const target = metadataOf(to);
  const source = from ? metadataOf(structuredClone(from)) : {};
  for (const field of SERVER_FIELDS) {
    if (field === "resourceVersion" && keepResourceVersion) continue;
    const value = source[field];
    if (value === undefined) delete target[field];
    else target[field] = value;
  }
}

/** Checks the body's namespace against the URL's and sets it (clears it for cluster-scoped types). */
export function placeInNamespace(
  rt: ResourceType,
  object: JsonObject,
  namespace: string | undefined,
): void {
  const metadata = metadataOf(object);
  if (!rt.namespaced) {
    delete metadata.namespace;
    return;
  }
  const given = stringAt(metadata, "namespace");
  if (given && given !== namespace) {
    throw badRequest(
      "the namespace of the provided object does not match the namespace sent on the request",
    );
  }
  metadata.namespace = namespace ?? "";
}

/** Objects can only be created in a namespace that exists and is not terminating. */
export function checkNamespaceWritable(
  ctx: ApiContext,
  rt: ResourceType,
  namespace: string | undefined,
  name: string,
) {
  if (!rt.namespaced) return;
  const ns = ctx.store.get(NAMESPACES, objectKey(NAMESPACES, undefined, namespace ?? ""));
  if (!ns) throw notFound(NAMESPACES, namespace ?? "");
  if (objectAt(ns, "metadata")?.deletionTimestamp) {
    throw failure(
      403,
      "Forbidden",
      `${groupResource(rt)} "${name}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
      {
        name,
        group: rt.group,
        kind: rt.plural,
        causes: [
          {
            reason: "NamespaceTerminating",
            message: `namespace ${namespace} is being terminated`,
            field: "metadata.namespace",
          },
        ],
      },
    );
  }
}

/** Sets apiVersion/kind for built-in types (the server defaults them from the URL); CRs must send kind. */
export function ensureTypeMeta(rt: ResourceType, object: JsonObject): void {
  if (!rt.custom) {
    object.apiVersion ??= apiVersionOf(rt);
    object.kind ??= rt.kind;
    return;
  }
  if (typeof object.kind !== "string" || object.kind === "") {
    throw badRequest(`Object 'Kind' is missing in '${JSON.stringify(object)}'`);
  }
  object.apiVersion ??= apiVersionOf(rt);
}

/** Metadata the server sets on create. */
export function initialiseMetadata(rt: ResourceType, object: JsonObject): void {
  const metadata = metadataOf(object);
  carryServerFields(object, undefined);
  metadata.uid = newUid();
  metadata.creationTimestamp = timestamp();
  if (rt.custom) metadata.generation = 1;
}

const withoutMetadata = ({ metadata: _m, ...rest }: JsonObject) => rest;

/** Custom resources count every change outside metadata (no status subresource on Argo's CRDs). */
export function nextGeneration(rt: ResourceType, before: JsonObject, after: JsonObject): void {
  if (!rt.custom) return;
  const previous = Number(objectAt(before, "metadata")?.generation ?? 1);
  metadataOf(after).generation = jsonEqual(withoutMetadata(before), withoutMetadata(after))
    ? previous
    : previous + 1;
}

/** metav1.MicroTime as the server writes it back: UTC with exactly six fractional digits. */
function microTime(value: string): string {
  const match = /^(.+?)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(value);
  const date = new Date(value);
  if (!match || Number.isNaN(date.getTime())) return value;
  const seconds = date.toISOString().slice(0, 19);
  return `${seconds}.${(match[2] ?? "").padEnd(6, "0").slice(0, 6)}Z`;
}

/** Per-type defaulting the real registries do. */
export function applyTypeDefaults(rt: ResourceType, object: JsonObject, creating: boolean): void {
  const spec = objectAt(object, "spec");
  if (rt.plural === "leases" && spec) {
    for (const field of ["acquireTime", "renewTime"]) {
      const value = spec[field];
      if (typeof value === "string") spec[field] = microTime(value);
    }
  }
  if (rt.plural === "secrets") {
    const stringData = objectAt(object, "stringData");
    if (stringData) {
      const data = childObject(object, "data");
      for (const [key, value] of Object.entries(stringData)) {
        data[key] = Buffer.from(String(value)).toString("base64");
      }
      delete object.stringData;
    }
    object.type ??= "Opaque";
  }
  if (rt.plural === "namespaces" && creating) {
    childObject(object, "spec").finalizers = ["kubernetes"];
    object.status = { phase: "Active" };
  }
  if (rt.plural === "pods" && creating) {
    childObject(object, "status").phase ??= "Pending";
  }
}
