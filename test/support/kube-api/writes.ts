// POST (create), PUT (update) and PATCH with merge-patch or json-patch.
import { commitCreate, commitUpdate, type WriteResult } from "./commit.ts";
import { type ApiContext, atomicFieldsOf, randomSuffix, timestamp } from "./context.ts";
import { isJsonObject, type JsonObject, type JsonValue, parseJson, stringAt } from "./json.ts";
import { applyJsonPatch, decodeJsonPatch, JsonPatchError } from "./json-patch.ts";
import {
  encodeManagedFields,
  isResetManagedFields,
  readManagedFields,
  recordUpdate,
} from "./managed-fields.ts";
import { applyMergePatch } from "./merge-patch.ts";
import {
  applyTypeDefaults,
  carryServerFields,
  checkNamespaceWritable,
  ensureTypeMeta,
  initialiseMetadata,
  metadataOf,
  nameOf,
  placeInNamespace,
  resourceVersionOf,
  uidOf,
} from "./object-meta.ts";
import { apiVersionOf, groupResource, objectKey, type ResourceType } from "./resources.ts";
import {
  alreadyExists,
  badRequest,
  conflictModified,
  failure,
  internalError,
  invalid,
  notFound,
  unsupportedMediaType,
} from "./status.ts";
import { checkApiVersion, validateObject } from "./validation.ts";

export interface WriteOptions {
  dryRun: boolean;
  /** Manager recorded in managedFields: fieldManager, else the User-Agent's product, else "unknown". */
  manager: string;
}

export function requireObject(body: JsonValue | undefined): JsonObject {
  if (!isJsonObject(body))
    throw badRequest("the object provided is unrecognized: expected a JSON object");
  return structuredClone(body);
}

/** Drops fields the CRD schema does not declare (custom resources only). */
export function pruneUnknown(ctx: ApiContext, rt: ResourceType, object: JsonObject): JsonObject {
  if (!ctx.pruner || !rt.schemaDefinition) return object;
  return ctx.pruner.prune(rt.schemaDefinition, object);
}

function withManagedFields(
  ctx: ApiContext,
  object: JsonObject,
  before: JsonObject | undefined,
  rt: ResourceType,
  manager: string,
) {
  let entries = readManagedFields(object);
  if (isResetManagedFields(object)) entries = [];
  else if (entries.length === 0 && before) entries = readManagedFields(before);
  const recorded = isResetManagedFields(object)
    ? []
    : recordUpdate(
        entries,
        before,
        object,
        manager,
        apiVersionOf(rt),
        timestamp(),
        atomicFieldsOf(ctx, rt),
      );
  const metadata = metadataOf(object);
  const encoded = encodeManagedFields(recorded);
  if (encoded.length > 0) metadata.managedFields = encoded;
  else delete metadata.managedFields;
}

export function createObject(
  ctx: ApiContext,
  rt: ResourceType,
  namespace: string | undefined,
  body: JsonValue | undefined,
  options: WriteOptions,
): WriteResult {
  let object = requireObject(body);
  checkApiVersion(rt, object);
  ensureTypeMeta(rt, object);
  placeInNamespace(rt, object, namespace);
  if (resourceVersionOf(object))
    throw internalError("resourceVersion should not be set on objects to be created");
  object = pruneUnknown(ctx, rt, object);
  const metadata = metadataOf(object);
  let name = nameOf(object);
  const generateName = stringAt(metadata, "generateName");
  if (!name && generateName) {
    name = `${generateName}${randomSuffix()}`;
    metadata.name = name;
  }
  initialiseMetadata(rt, object);
  applyTypeDefaults(rt, object, true);
  withManagedFields(ctx, object, undefined, rt, options.manager);
  const key = objectKey(rt, namespace, name);
  checkNamespaceWritable(ctx, rt, namespace, name);
  // Validation comes before the existence check on the real server: an invalid duplicate answers 422.
  validateObject(rt, object, ctx.crds);
  if (ctx.store.get(rt, key)) throw alreadyExists(rt, name);
  return commitCreate(ctx, rt, key, object, options.dryRun);
}

export function replaceObject(
  ctx: ApiContext,
  rt: ResourceType,
  namespace: string | undefined,
  name: string,
  body: JsonValue | undefined,
  options: WriteOptions,
): WriteResult {
  let object = requireObject(body);
  checkApiVersion(rt, object);
  ensureTypeMeta(rt, object);
  const bodyName = nameOf(object);
  if (bodyName !== name) {
    throw badRequest(
      `the name of the object (${bodyName}) does not match the name on the URL (${name})`,
    );
  }
  placeInNamespace(rt, object, namespace);
  const key = objectKey(rt, namespace, name);
  const existing = ctx.store.get(rt, key);
  const rv = resourceVersionOf(object);
  if (!existing) {
    if (!rt.allowCreateOnUpdate) throw notFound(rt, name);
    delete metadataOf(object).resourceVersion;
    return createObject(ctx, rt, namespace, object, options);
  }
  if (!rv && !rt.unconditionalUpdate) {
    throw invalid(rt.plural, rt.group, name, [
      {
        field: "metadata.resourceVersion",
        reason: "FieldValueInvalid",
        message: "Invalid value: 0x0: must be specified for an update",
      },
    ]);
  }
  if (rv && rv !== resourceVersionOf(existing)) throw conflictModified(rt, name);
  const bodyUid = stringAt(metadataOf(object), "uid");
  if (bodyUid && bodyUid !== uidOf(existing)) {
    throw failure(
      409,
      "Conflict",
      `Operation cannot be fulfilled on ${groupResource(rt)} "${name}": Precondition failed: UID in precondition: ${bodyUid}, UID in object meta: ${uidOf(existing)}`,
      { name, group: rt.group, kind: rt.plural },
    );
  }
  object = pruneUnknown(ctx, rt, object);
  carryServerFields(object, existing);
  applyTypeDefaults(rt, object, false);
  withManagedFields(ctx, object, existing, rt, options.manager);
  return commitUpdate(ctx, rt, key, existing, object, options.dryRun);
}

function patchedDocument(
  existing: JsonObject,
  contentType: string,
  raw: string,
  rt: ResourceType,
): JsonValue {
  const parsed = parseJson(raw);
  if (!parsed.ok) throw badRequest(parsed.error);
  if (
    contentType === "application/merge-patch+json" ||
    (!rt.custom && contentType === "application/strategic-merge-patch+json")
  ) {
    return applyMergePatch(existing, parsed.value);
  }
  if (contentType === "application/json-patch+json") {
    let operations: ReturnType<typeof decodeJsonPatch>;
    try {
      operations = decodeJsonPatch(parsed.value);
    } catch (error) {
      throw badRequest((error as Error).message);
    }
    try {
      return applyJsonPatch(existing, operations);
    } catch (error) {
      if (!(error instanceof JsonPatchError)) throw error;
      // The real server wraps every patch-application error in this generic 422.
      throw failure(
        422,
        "Invalid",
        "the server rejected our request due to an error in our request",
        {},
      );
    }
  }
  throw unsupportedMediaType();
}

/** PATCH with merge-patch / json-patch (and strategic-merge on built-ins, treated as a merge patch). */
export function patchObject(
  ctx: ApiContext,
  rt: ResourceType,
  namespace: string | undefined,
  name: string,
  contentType: string,
  raw: string,
  options: WriteOptions,
): WriteResult {
  const known = ["application/merge-patch+json", "application/json-patch+json"];
  if (!rt.custom) known.push("application/strategic-merge-patch+json");
  if (!known.includes(contentType)) throw unsupportedMediaType();
  const key = objectKey(rt, namespace, name);
  const existing = ctx.store.get(rt, key);
  if (!existing) throw notFound(rt, name);
  const patched = patchedDocument(structuredClone(existing), contentType, raw, rt);
  if (!isJsonObject(patched)) throw badRequest("the patched object is not a JSON object");
  let object: JsonObject = patched;
  if (resourceVersionOf(object) !== resourceVersionOf(existing)) throw conflictModified(rt, name);
  if (nameOf(object) !== name) {
    throw badRequest(
      `the name of the object (${nameOf(object)}) does not match the name on the URL (${name})`,
    );
  }
  object = pruneUnknown(ctx, rt, object);
  carryServerFields(object, existing);
  placeInNamespace(rt, object, namespace);
  applyTypeDefaults(rt, object, false);
  withManagedFields(ctx, object, existing, rt, options.manager);
  return commitUpdate(ctx, rt, key, existing, object, options.dryRun);
}

/**
 * PUT or PATCH on `pods/{name}/status` (what the kubelet writes): the pod as written, but for its
 * spec, which stays as it was (a v1.20 server takes the status and the metadata from the body).
 */
export function writePodStatus(
  ctx: ApiContext,
  rt: ResourceType,
  namespace: string | undefined,
  name: string,
  request: { method: "PUT" | "PATCH"; contentType: string; raw: string },
  options: WriteOptions,
): WriteResult {
  const key = objectKey(rt, namespace, name);
  const existing = ctx.store.get(rt, key);
  if (!existing) throw notFound(rt, name);
  let written: JsonValue;
  if (request.method === "PATCH") {
    const known = [
      "application/merge-patch+json",
      "application/json-patch+json",
      "application/strategic-merge-patch+json",
    ];
    if (!known.includes(request.contentType)) throw unsupportedMediaType();
    written = patchedDocument(structuredClone(existing), request.contentType, request.raw, rt);
  } else {
    const parsed = parseJson(request.raw);
    if (!parsed.ok) throw badRequest(parsed.error);
    written = parsed.value;
  }
  const object = requireObject(written);
  ensureTypeMeta(rt, object);
  const rv = resourceVersionOf(object);
  if (rv && rv !== resourceVersionOf(existing)) throw conflictModified(rt, name);
  if (nameOf(object) !== name) {
    throw badRequest(
      `the name of the object (${nameOf(object)}) does not match the name on the URL (${name})`,
    );
  }
  if (existing.spec === undefined) delete object.spec;
  else object.spec = structuredClone(existing.spec);
  carryServerFields(object, existing);
  placeInNamespace(rt, object, namespace);
  withManagedFields(ctx, object, existing, rt, options.manager);
  return commitUpdate(ctx, rt, key, existing, object, options.dryRun);
}
