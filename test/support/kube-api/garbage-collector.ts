// The garbage collector: removes dependents (metadata.ownerReferences) of deleted owners, finishes
// foreground/orphan deletions and namespace termination, on later ticks like the real controller.
import type { ApiContext } from "./context.ts";
import { timestamp } from "./context.ts";
import { isJsonObject, type JsonObject, objectAt } from "./json.ts";
import { metadataOf, uidOf } from "./object-meta.ts";
import { NAMESPACES, RESOURCES, type ResourceType } from "./resources.ts";

export type PropagationPolicy = "Background" | "Foreground" | "Orphan";

const finalizersOf = (object: JsonObject): string[] => {
  const value = objectAt(object, "metadata")?.finalizers;
  return Array.isArray(value) ? value.filter((f): f is string => typeof f === "string") : [];
};

export const hasFinalizers = (object: JsonObject) => finalizersOf(object).length > 0;

function ownedBy(object: JsonObject, uid: string): boolean {
  const refs = objectAt(object, "metadata")?.ownerReferences;
  return Array.isArray(refs) && refs.some((ref) => isJsonObject(ref) && ref.uid === uid);
}

function dependentsOf(ctx: ApiContext, uid: string): [ResourceType, string, JsonObject][] {
  return RESOURCES.flatMap((rt) =>
    ctx.store
      .entries(rt)
      .filter(([, object]) => ownedBy(object, uid))
      .map(([key, object]): [ResourceType, string, JsonObject] => [rt, key, object]),
  );
}

/** Removes the object from the store now; its dependents follow on a later tick (background). */
export function removeNow(ctx: ApiContext, rt: ResourceType, key: string): JsonObject | undefined {
  const last = ctx.store.remove(rt, key);
  if (last) {
    const uid = uidOf(last);
    ctx.gc.push(() => deleteDependents(ctx, uid));
    if (rt === NAMESPACES) ctx.gc.push(() => emptyNamespace(ctx, key));
  }
  return last;
}

/** Marks an object as being deleted: finalizers keep it (with deletionTimestamp), else it goes. */
export function markDeleted(ctx: ApiContext, rt: ResourceType, key: string): void {
  const object = ctx.store.get(rt, key);
  if (!object) return;
  if (!hasFinalizers(object)) {
    removeNow(ctx, rt, key);
    return;
  }
  if (objectAt(object, "metadata")?.deletionTimestamp) return;
  const marked = structuredClone(object);
  metadataOf(marked).deletionTimestamp = timestamp();
  ctx.store.put(rt, key, marked);
}

function deleteDependents(ctx: ApiContext, uid: string): void {
  for (const [rt, key] of dependentsOf(ctx, uid)) markDeleted(ctx, rt, key);
}

function orphanDependents(ctx: ApiContext, uid: string): void {
  for (const [rt, key, object] of dependentsOf(ctx, uid)) {
    const updated = structuredClone(object);
    const metadata = metadataOf(updated);
    const refs = (Array.isArray(metadata.ownerReferences) ? metadata.ownerReferences : []).filter(
      (ref) => !(isJsonObject(ref) && ref.uid === uid),
    );
    if (refs.length > 0) metadata.ownerReferences = refs;
    else delete metadata.ownerReferences;
    ctx.store.put(rt, key, updated);
  }
}

/** Drops `finalizer` from a terminating object, removing the object when none is left. */
function releaseFinalizer(ctx: ApiContext, rt: ResourceType, key: string, finalizer: string): void {
  const object = ctx.store.get(rt, key);
  if (!object) return;
  const remaining = finalizersOf(object).filter((f) => f !== finalizer);
  if (remaining.length === 0) {
    removeNow(ctx, rt, key);
    return;
  }
  const updated = structuredClone(object);
  metadataOf(updated).finalizers = remaining;
  ctx.store.put(rt, key, updated);
}

/** Schedules the garbage collector's part of a Foreground or Orphan delete. */
export function scheduleDeletion(
  ctx: ApiContext,
  rt: ResourceType,
  key: string,
  policy: PropagationPolicy,
): void {
  const object = ctx.store.get(rt, key);
  if (!object) return;
  const uid = uidOf(object);
  if (policy === "Foreground") {
    ctx.gc.push(() => {
      deleteDependents(ctx, uid);
      releaseFinalizer(ctx, rt, key, "foregroundDeletion");
    });
  } else if (policy === "Orphan") {
    ctx.gc.push(() => {
      orphanDependents(ctx, uid);
      releaseFinalizer(ctx, rt, key, "orphan");
    });
  }
}

/** Namespace termination: everything in it goes, then the namespace itself. */
export function scheduleNamespaceTermination(ctx: ApiContext, name: string): void {
  ctx.gc.push(() => {
    emptyNamespace(ctx, name);
    ctx.store.remove(NAMESPACES, name);
  });
}

function emptyNamespace(ctx: ApiContext, name: string): void {
  for (const rt of RESOURCES) {
    if (!rt.namespaced) continue;
    for (const [key] of ctx.store.entries(rt)) {
      if (key.startsWith(`${name}/`)) removeNow(ctx, rt, key);
    }
  }
}
