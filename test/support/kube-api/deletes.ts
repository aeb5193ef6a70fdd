// DELETE of one object (propagation policies, preconditions, dryRun) and of a collection.
import type { ApiContext } from "./context.ts";
import { timestamp } from "./context.ts";
import {
  hasFinalizers,
  markDeleted,
  type PropagationPolicy,
  removeNow,
  scheduleDeletion,
  scheduleNamespaceTermination,
} from "./garbage-collector.ts";
import {
  isJsonObject,
  type JsonObject,
  type JsonValue,
  jsonEqual,
  objectAt,
  stringAt,
} from "./json.ts";
import { type ListQuery, listBody, listObjects } from "./list.ts";
import { metadataOf, nameOf, resourceVersionOf, uidOf } from "./object-meta.ts";
import { NAMESPACES, objectKey, type ResourceType } from "./resources.ts";
import { conflictPrecondition, invalidOptions, notFound, success } from "./status.ts";

export interface DeleteOptions {
  propagationPolicy: PropagationPolicy | undefined;
  dryRun: boolean;
  preconditions: { uid?: string; resourceVersion?: string };
}

export interface DeleteResult {
  status: number;
  body: JsonObject;
}

const POLICIES = ["Foreground", "Background", "Orphan"];

/** Reads DeleteOptions from the query and the optional body (the body wins, like the server). */
export function readDeleteOptions(
  query: URLSearchParams,
  body: JsonValue | undefined,
): DeleteOptions {
  const fromBody = isJsonObject(body) ? body : {};
  let policy =
    stringAt(fromBody, "propagationPolicy") ?? query.get("propagationPolicy") ?? undefined;
  const orphan = fromBody.orphanDependents ?? query.get("orphanDependents") ?? undefined;
  if (policy === undefined && orphan !== undefined && orphan !== null) {
    policy = orphan === true || orphan === "true" ? "Orphan" : "Background";
  }
  if (policy !== undefined && !POLICIES.includes(policy)) {
    throw invalidOptions("DeleteOptions", {
      field: "propagationPolicy",
      reason: "FieldValueNotSupported",
      message: `Unsupported value: ${JSON.stringify(policy)}: supported values: "Foreground", "Background", "Orphan", "nil"`,
    });
  }
  const dryRunValues = [
    ...query.getAll("dryRun"),
    ...(Array.isArray(fromBody.dryRun) ? fromBody.dryRun : []),
  ];
  const preconditions = objectAt(fromBody, "preconditions");
  return {
    propagationPolicy: policy as PropagationPolicy | undefined,
    dryRun: dryRunValues.includes("All"),
    preconditions: {
      ...(stringAt(preconditions, "uid") ? { uid: stringAt(preconditions, "uid") } : {}),
      ...(stringAt(preconditions, "resourceVersion")
        ? { resourceVersion: stringAt(preconditions, "resourceVersion") }
        : {}),
    },
  };
}

function checkPreconditions(rt: ResourceType, object: JsonObject, options: DeleteOptions): void {
  const { uid, resourceVersion } = options.preconditions;
  const name = nameOf(object);
  if (uid && uid !== uidOf(object)) {
    throw conflictPrecondition(
      rt,
      name,
      `the UID in the precondition (${uid}) does not match the UID in record (${uidOf(object)}). The object might have been deleted and then recreated`,
    );
  }
  if (resourceVersion && resourceVersion !== resourceVersionOf(object)) {
    throw conflictPrecondition(
      rt,
      name,
      `the ResourceVersion in the precondition (${resourceVersion}) does not match the ResourceVersion in record (${resourceVersionOf(object)}). The object might have been modified`,
    );
  }
}

/** The object as it looks while being deleted: deletionTimestamp, finalizer, generation + 1. */
function terminating(
  rt: ResourceType,
  object: JsonObject,
  finalizer: string | undefined,
): JsonObject {
  const marked = structuredClone(object);
  const metadata = metadataOf(marked);
  if (!metadata.deletionTimestamp) {
    metadata.deletionTimestamp = timestamp();
    if (rt.custom) metadata.generation = Number(metadata.generation ?? 1) + 1;
  }
  if (finalizer) {
    const finalizers = Array.isArray(metadata.finalizers) ? metadata.finalizers : [];
    if (!finalizers.includes(finalizer)) metadata.finalizers = [...finalizers, finalizer];
  }
  if (rt === NAMESPACES) marked.status = { ...objectAt(marked, "status"), phase: "Terminating" };
  return marked;
}

const finalizerFor = (policy: PropagationPolicy | undefined) =>
  policy === "Foreground" ? "foregroundDeletion" : policy === "Orphan" ? "orphan" : undefined;

export function deleteObject(
  ctx: ApiContext,
  rt: ResourceType,
  namespace: string | undefined,
  name: string,
  options: DeleteOptions,
): DeleteResult {
  const key = objectKey(rt, namespace, name);
  const existing = ctx.store.get(rt, key);
  if (!existing) throw notFound(rt, name);
  checkPreconditions(rt, existing, options);
  const finalizer = finalizerFor(options.propagationPolicy);
  const graceful = finalizer !== undefined || hasFinalizers(existing) || rt === NAMESPACES;
  if (graceful) {
    const marked = terminating(rt, existing, rt === NAMESPACES ? undefined : finalizer);
    if (options.dryRun || jsonEqual(marked, existing)) return { status: 200, body: marked };
    const stored = structuredClone(ctx.store.put(rt, key, marked));
    if (rt === NAMESPACES) scheduleNamespaceTermination(ctx, name);
    else if (finalizer) scheduleDeletion(ctx, rt, key, options.propagationPolicy ?? "Background");
    return { status: 200, body: stored };
  }
  if (options.dryRun) {
    return {
      status: 200,
      body: rt.returnsDeletedObject
        ? structuredClone(existing)
        : success(rt, name, uidOf(existing)),
    };
  }
  const last = removeNow(ctx, rt, key) ?? existing;
  return { status: 200, body: rt.returnsDeletedObject ? last : success(rt, name, uidOf(existing)) };
}

/** DELETE on a collection: deletes what the selectors match and answers the list of it. */
export function deleteCollection(
  ctx: ApiContext,
  rt: ResourceType,
  query: ListQuery,
  options: DeleteOptions,
): JsonObject {
  const result = listObjects(ctx.store, rt, { ...query, limit: 0, continueToken: undefined });
  if (!options.dryRun) {
    for (const item of result.items) {
      const key = objectKey(rt, stringAt(objectAt(item, "metadata"), "namespace"), nameOf(item));
      if (options.propagationPolicy === "Background" || options.propagationPolicy === undefined)
        markDeleted(ctx, rt, key);
      else
        deleteObject(
          ctx,
          rt,
          stringAt(objectAt(item, "metadata"), "namespace"),
          nameOf(item),
          options,
        );
    }
  }
  return listBody(rt, result);
}
