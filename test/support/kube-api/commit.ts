// The last step of every write: validate, skip no-ops, honour dryRun and finalizers, then store.
import type { ApiContext } from "./context.ts";
import { hasFinalizers, removeNow } from "./garbage-collector.ts";
import { type JsonObject, jsonEqual, objectAt } from "./json.ts";
import { metadataOf, nextGeneration } from "./object-meta.ts";
import type { ResourceType } from "./resources.ts";
import { validateObject } from "./validation.ts";

export interface WriteResult {
  status: number;
  object: JsonObject;
}

export function commitCreate(
  ctx: ApiContext,
  rt: ResourceType,
  key: string,
  object: JsonObject,
  dryRun: boolean,
): WriteResult {
  validateObject(rt, object, ctx.crds);
  if (dryRun) return { status: 201, object };
  return { status: 201, object: structuredClone(ctx.store.put(rt, key, object)) };
}

/** Stores `candidate` over `existing` (both full objects); `candidate` already has its managedFields. */
export function commitUpdate(
  ctx: ApiContext,
  rt: ResourceType,
  key: string,
  existing: JsonObject,
  candidate: JsonObject,
  dryRun: boolean,
): WriteResult {
  nextGeneration(rt, existing, candidate);
  metadataOf(candidate).resourceVersion =
    metadataOf(structuredClone(existing)).resourceVersion ?? "";
  validateObject(rt, candidate, ctx.crds);
  if (jsonEqual(existing, candidate)) return { status: 200, object: structuredClone(existing) };
  if (dryRun) return { status: 200, object: candidate };
  if (objectAt(candidate, "metadata")?.deletionTimestamp && !hasFinalizers(candidate)) {
    ctx.store.put(rt, key, candidate);
    return { status: 200, object: removeNow(ctx, rt, key) ?? candidate };
  }
  return { status: 200, object: structuredClone(ctx.store.put(rt, key, candidate)) };
}
