// metadata.managedFields: who owns which field, updated on every write and on server-side apply.
import {
  type AtomicFields,
  type Comparison,
  compareObjects,
  comparePaths,
  decodePath,
  difference,
  encodePath,
  type FieldPath,
  type FieldSet,
  fieldPaths,
  fromFieldsV1,
  intersection,
  noAtomicFields,
  pathString,
  toFieldsV1,
  union,
} from "./field-set.ts";
import { isJsonObject, type JsonObject, type JsonValue, jsonEqual, objectAt } from "./json.ts";
import { failure } from "./status.ts";

export type Operation = "Apply" | "Update";

export interface ManagerEntry {
  manager: string;
  operation: Operation;
  apiVersion: string;
  time: string | undefined;
  fields: FieldSet;
}

const sameManager = (e: ManagerEntry, manager: string, operation: Operation) =>
  e.manager === manager && e.operation === operation;

export function readManagedFields(object: JsonObject): ManagerEntry[] {
  const raw = objectAt(object, "metadata")?.managedFields;
  if (!Array.isArray(raw)) return [];
  return raw.filter(isJsonObject).map((entry) => ({
    manager: typeof entry.manager === "string" ? entry.manager : "",
    operation: entry.operation === "Apply" ? "Apply" : "Update",
    apiVersion: typeof entry.apiVersion === "string" ? entry.apiVersion : "",
    time: typeof entry.time === "string" ? entry.time : undefined,
    fields: fromFieldsV1(entry.fieldsV1),
  }));
}

/** Encodes entries sorted like the server: operation, then time, then manager name. */
export function encodeManagedFields(entries: ManagerEntry[]): JsonValue[] {
  return entries
    .filter((e) => e.fields.size > 0)
    .sort(
      (a, b) =>
        a.operation.localeCompare(b.operation) ||
        (a.time ?? "").localeCompare(b.time ?? "") ||
        a.manager.localeCompare(b.manager) ||
        a.apiVersion.localeCompare(b.apiVersion),
    )
    .map((e) => {
      const out: JsonObject = {
        manager: e.manager,
        operation: e.operation,
        apiVersion: e.apiVersion,
      };
      if (e.time) out.time = e.time;
      out.fieldsType = "FieldsV1";
      out.fieldsV1 = toFieldsV1(e.fields);
      return out;
    });
}

/** True when a body carries `managedFields: [{}]`, the documented way to reset ownership. */
export function isResetManagedFields(object: JsonObject): boolean {
  const raw = objectAt(object, "metadata")?.managedFields;
  return (
    Array.isArray(raw) &&
    raw.length === 1 &&
    isJsonObject(raw[0]) &&
    Object.keys(raw[0]).length === 0
  );
}

function withoutRemoved(
  entries: ManagerEntry[],
  comparison: Comparison,
  keep: ManagerEntry | undefined,
) {
  for (const entry of entries) {
    if (entry !== keep) entry.fields = difference(entry.fields, comparison.removed);
  }
}

/** A non-apply write (create, update, merge/json patch): the writer takes every field it changed. */
export function recordUpdate(
  entries: ManagerEntry[],
  before: JsonObject | undefined,
  after: JsonObject,
  manager: string,
  apiVersion: string,
  time: string,
  atomic: AtomicFields = noAtomicFields,
): ManagerEntry[] {
  const comparison = compareObjects(before ?? {}, after, atomic);
  const taken = union(comparison.added, comparison.modified);
  const next = entries.map((e) => ({ ...e, fields: new Set(e.fields) }));
  for (const entry of next) {
    if (!sameManager(entry, manager, "Update")) entry.fields = difference(entry.fields, taken);
  }
  withoutRemoved(next, comparison, undefined);
  if (taken.size > 0) {
    let own = next.find((e) => sameManager(e, manager, "Update"));
    if (!own) {
      own = { manager, operation: "Update", apiVersion, time, fields: new Set() };
      next.push(own);
    }
    own.fields = difference(union(own.fields, taken), comparison.removed);
    own.apiVersion = apiVersion;
    own.time = time;
  }
  return next.filter((e) => e.fields.size > 0);
}

function printManager(entry: ManagerEntry): string {
  const quoted = JSON.stringify(entry.manager);
  return entry.operation === "Update" ? `${quoted} using ${entry.apiVersion}` : quoted;
}

function conflictError(conflicts: { entry: ManagerEntry; path: string }[]) {
  conflicts.sort(
    (a, b) => a.entry.manager.localeCompare(b.entry.manager) || comparePaths(a.path, b.path),
  );
  const field = (path: string) => pathString(decodePath(path));
  let message: string;
  const first = conflicts[0];
  if (conflicts.length === 1 && first) {
    message = `Apply failed with 1 conflict: conflict with ${printManager(first.entry)}: ${field(first.path)}`;
  } else {
    const lines: string[] = [];
    const byManager = new Map<string, string[]>();
    for (const c of conflicts) {
      const key = printManager(c.entry);
      byManager.set(key, [...(byManager.get(key) ?? []), field(c.path)]);
    }
    for (const manager of [...byManager.keys()].sort()) {
      lines.push(
        `conflicts with ${manager}`,
        ...(byManager.get(manager) ?? []).map((p) => `- ${p}`),
      );
    }
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join("\n")}`;
  }
  return failure(409, "Conflict", message, {
    causes: conflicts.map((c) => ({
      reason: "FieldManagerConflict",
      message: `conflict with ${printManager(c.entry)}`,
      field: field(c.path),
    })),
  });
}

/** Merges an apply configuration into the live object: maps per key, everything else replaced. */
function mergeApplied(
  live: JsonValue | undefined,
  config: JsonValue,
  atomic: AtomicFields,
  path: FieldPath = [],
): JsonValue | undefined {
  if (config === null) return undefined;
  if (path.length > 0 && atomic.has(encodePath(path))) return structuredClone(config);
  if (!isJsonObject(config) || !isJsonObject(live)) {
    return isJsonObject(config)
      ? (mergeApplied({}, config, atomic, path) ?? {})
      : structuredClone(config);
  }
  const out: JsonObject = { ...live };
  for (const [key, value] of Object.entries(config)) {
    const merged = mergeApplied(live[key], value, atomic, [...path, key]);
    if (merged === undefined) delete out[key];
    else out[key] = merged;
  }
  return out;
}

/** Removes `paths` from `object`, then maps that the removal left empty. */
function removePaths(object: JsonObject, paths: FieldSet): void {
  for (const encoded of paths) {
    const path = decodePath(encoded);
    const parents: JsonObject[] = [object];
    for (const key of path.slice(0, -1)) {
      const next = parents[parents.length - 1]?.[key];
      if (!isJsonObject(next)) break;
      parents.push(next);
    }
    if (parents.length !== path.length) continue;
    delete parents[parents.length - 1]?.[path[path.length - 1] ?? ""];
    for (let i = parents.length - 1; i > 0; i--) {
      if (Object.keys(parents[i] ?? {}).length > 0) break;
      delete parents[i - 1]?.[path[i - 1] ?? ""];
    }
  }
}

export interface ApplyResult {
  object: JsonObject;
  entries: ManagerEntry[];
}

/**
 * Server-side apply of `config` by `manager` (structured-merge-diff semantics): merge, prune what
 * this manager applied before but no longer sends (unless another applier owns it), detect
 * conflicts with every other manager on changed fields, and take ownership on `force`.
 */
export function applyConfiguration(
  live: JsonObject | undefined,
  config: JsonObject,
  entries: ManagerEntry[],
  manager: string,
  apiVersion: string,
  force: boolean,
  time: string,
  atomic: AtomicFields = noAtomicFields,
): ApplyResult {
  const configSet = fieldPaths(config, false, [], atomic);
  const merged = (mergeApplied(structuredClone(live ?? {}), config, atomic) ?? {}) as JsonObject;
  const next = entries.map((e) => ({ ...e, fields: new Set(e.fields) }));
  let own = next.find((e) => sameManager(e, manager, "Apply"));
  const lastSet = own?.fields ?? new Set<string>();
  const otherAppliers = union(
    ...next.filter((e) => e.operation === "Apply" && e !== own).map((e) => e.fields),
  );
  removePaths(merged, difference(lastSet, union(configSet, otherAppliers)));

  const comparison = compareObjects(live ?? {}, merged, atomic);
  const changed = union(comparison.added, comparison.modified);
  const conflicts = next
    .filter((e) => e !== own)
    .flatMap((entry) => [...intersection(entry.fields, changed)].map((path) => ({ entry, path })));
  if (conflicts.length > 0 && !force) throw conflictError(conflicts);
  for (const { entry, path } of conflicts) entry.fields.delete(path);
  withoutRemoved(next, comparison, undefined);

  if (!own) {
    own = { manager, operation: "Apply", apiVersion, time, fields: configSet };
    next.push(own);
  }
  own.fields = configSet;
  own.apiVersion = apiVersion;
  const unchanged = jsonEqual(live ?? {}, merged);
  if (!unchanged || !own.time) own.time = time;
  return { object: merged, entries: next.filter((e) => e.fields.size > 0) };
}
