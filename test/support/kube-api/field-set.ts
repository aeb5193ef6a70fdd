// Sets of field paths (what a field manager owns), their FieldsV1 encoding and object comparison.
// Maps are granular (one path per key) and lists are atomic leaves, as for Argo's CRDs; a map
// marked `x-kubernetes-map-type: atomic` (spec and status in Argo's minimal CRDs) is one field.
import { isJsonObject, type JsonObject, type JsonValue, jsonEqual } from "./json.ts";

export type FieldPath = readonly string[];
/** Paths encoded as JSON arrays so they can live in a Set. */
export type FieldSet = Set<string>;

export const encodePath = (path: FieldPath) => JSON.stringify(path);
export const decodePath = (encoded: string) => JSON.parse(encoded) as string[];

/** `.spec.entrypoint`, as the server prints paths in conflicts. */
export const pathString = (path: FieldPath) => path.map((p) => `.${p}`).join("");

/** Fields the field manager never tracks (stripped the way the server's fieldmanager strips them). */
const STRIPPED_METADATA = new Set([
  "name",
  "namespace",
  "creationTimestamp",
  "selfLink",
  "uid",
  "clusterName",
  "generation",
  "managedFields",
  "resourceVersion",
]);

function isStripped(path: FieldPath): boolean {
  if (path.length === 1)
    return path[0] === "apiVersion" || path[0] === "kind" || path[0] === "metadata";
  return path.length === 2 && path[0] === "metadata" && STRIPPED_METADATA.has(path[1] ?? "");
}

/**
 * Every path of `value`. With `maps`, map paths are members too (what an Update records, shown
 * as `.` in FieldsV1); without, only leaves (what an Apply configuration owns).
 */
export function fieldPaths(
  value: JsonValue,
  maps: boolean,
  prefix: FieldPath = [],
  atomic: AtomicFields = noAtomicFields,
): FieldSet {
  const out: FieldSet = new Set();
  collect(value, prefix, maps, out, atomic);
  return out;
}

/** Encoded paths of maps that are one field each (`x-kubernetes-map-type: atomic`). */
export type AtomicFields = ReadonlySet<string>;
export const noAtomicFields: AtomicFields = new Set();

const isAtomic = (path: FieldPath, atomic: AtomicFields) =>
  path.length > 0 && atomic.has(encodePath(path));

function collect(
  value: JsonValue,
  path: FieldPath,
  maps: boolean,
  out: FieldSet,
  atomic: AtomicFields,
): void {
  if (isAtomic(path, atomic)) {
    if (!isStripped(path)) out.add(encodePath(path));
    return;
  }
  if (isJsonObject(value)) {
    if (maps && path.length > 0 && !isStripped(path)) out.add(encodePath(path));
    for (const [key, child] of Object.entries(value)) {
      const childPath = [...path, key];
      if (isStripped(childPath) && !(childPath.length === 1 && key === "metadata")) continue;
      if (child === null && !maps) continue;
      collect(child, childPath, maps, out, atomic);
    }
    return;
  }
  if (path.length > 0 && !isStripped(path)) out.add(encodePath(path));
}

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

/** Which paths were added, changed or removed going from `before` to `after`. */
export function compareObjects(
  before: JsonValue,
  after: JsonValue,
  atomic: AtomicFields = noAtomicFields,
): Comparison {
  const result: Comparison = { added: new Set(), modified: new Set(), removed: new Set() };
  walk(before, after, [], result, atomic);
  return result;
}

const tracked = (path: FieldPath) => path.length > 0 && !isStripped(path);

function walk(
  before: JsonValue | undefined,
  after: JsonValue | undefined,
  path: FieldPath,
  out: Comparison,
  atomic: AtomicFields,
): void {
  if (after === undefined) {
    if (before !== undefined)
      for (const p of fieldPaths(before, true, path, atomic)) out.removed.add(p);
    return;
  }
  if (before === undefined) {
    for (const p of fieldPaths(after, true, path, atomic)) out.added.add(p);
    return;
  }
  if (isAtomic(path, atomic)) {
    if (!jsonEqual(before, after)) out.modified.add(encodePath(path));
    return;
  }
  if (isJsonObject(before) && isJsonObject(after)) {
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      const childPath = [...path, key];
      if (isStripped(childPath) && !(childPath.length === 1 && key === "metadata")) continue;
      walk(before[key], after[key], childPath, out, atomic);
    }
    return;
  }
  if (isJsonObject(before) || isJsonObject(after)) {
    walk(before, undefined, path, out, atomic);
    walk(undefined, after, path, out, atomic);
    return;
  }
  if (!jsonEqual(before, after) && tracked(path)) out.modified.add(encodePath(path));
}

export const union = (...sets: FieldSet[]): FieldSet => new Set(sets.flatMap((s) => [...s]));
export const difference = (a: FieldSet, b: FieldSet): FieldSet =>
  new Set([...a].filter((p) => !b.has(p)));
export const intersection = (a: FieldSet, b: FieldSet): FieldSet =>
  new Set([...a].filter((p) => b.has(p)));

interface TrieNode {
  member: boolean;
  children: Map<string, TrieNode>;
}

export function toFieldsV1(set: FieldSet): JsonObject {
  const root: TrieNode = { member: false, children: new Map() };
  for (const encoded of set) {
    let node = root;
    for (const key of decodePath(encoded)) {
      let child = node.children.get(key);
      if (!child) {
        child = { member: false, children: new Map() };
        node.children.set(key, child);
      }
      node = child;
    }
    node.member = true;
  }
  const render = (node: TrieNode): JsonObject => {
    const out: JsonObject = {};
    if (node.member && node.children.size > 0) out["."] = {};
    for (const key of [...node.children.keys()].sort())
      out[`f:${key}`] = render(node.children.get(key)!);
    return out;
  };
  return render(root);
}

export function fromFieldsV1(fields: JsonValue | undefined): FieldSet {
  const out: FieldSet = new Set();
  const visit = (node: JsonValue, path: string[]) => {
    if (!isJsonObject(node)) return;
    const keys = Object.keys(node);
    if (path.length > 0 && (keys.length === 0 || keys.includes("."))) out.add(encodePath(path));
    for (const key of keys) {
      if (key === ".") continue;
      // f:name is a field; k:/v:/i: list elements are kept verbatim (lists here are atomic).
      visit(node[key] ?? {}, [...path, key.startsWith("f:") ? key.slice(2) : key]);
    }
  };
  visit(fields ?? {}, []);
  return out;
}

export function comparePaths(a: string, b: string): number {
  const pa = decodePath(a);
  const pb = decodePath(b);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i] ?? "";
    const y = pb[i] ?? "";
    if (x !== y) return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}
