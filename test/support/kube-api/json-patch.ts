// JSON patch, RFC 6902 (add, remove, replace, move, copy, test) over JSON pointers (RFC 6901).
import { clone, isJsonObject, type JsonObject, type JsonValue, jsonEqual } from "./json.ts";

export class JsonPatchError extends Error {}

interface Operation {
  op: string;
  path: string;
  from?: string;
  value?: JsonValue;
}

/** Checks the document is a list of operations; the message mimics the Go decoder's. */
export function decodeJsonPatch(document: JsonValue): Operation[] {
  if (!Array.isArray(document)) {
    const type = isJsonObject(document) ? "object" : typeof document;
    throw new JsonPatchError(
      `json: cannot unmarshal ${type} into Go value of type jsonpatch.Patch`,
    );
  }
  return document.map((item) => {
    if (!isJsonObject(item))
      throw new JsonPatchError("json: cannot unmarshal into Go value of type jsonpatch.Operation");
    const op: Operation = { op: String(item.op ?? ""), path: String(item.path ?? "") };
    if ("from" in item) op.from = String(item.from);
    if ("value" in item) op.value = item.value ?? null;
    return op;
  });
}

function parsePointer(pointer: string): string[] {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) throw new JsonPatchError(`invalid JSON pointer: ${pointer}`);
  return pointer
    .slice(1)
    .split("/")
    .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
}

type Container = JsonObject | JsonValue[];

function resolveParent(doc: JsonValue, tokens: string[]): { parent: Container; key: string } {
  let current: JsonValue = doc;
  for (const token of tokens.slice(0, -1)) {
    const next: JsonValue | undefined = Array.isArray(current)
      ? current[Number(token)]
      : isJsonObject(current)
        ? current[token]
        : undefined;
    if (next === undefined) throw new JsonPatchError(`path not found: ${token}`);
    current = next;
  }
  if (!Array.isArray(current) && !isJsonObject(current))
    throw new JsonPatchError("parent is not a container");
  return { parent: current, key: tokens[tokens.length - 1] ?? "" };
}

function arrayIndex(array: JsonValue[], key: string, forInsert: boolean): number {
  if (forInsert && key === "-") return array.length;
  if (!/^(0|[1-9]\d*)$/.test(key)) throw new JsonPatchError(`invalid array index: ${key}`);
  const index = Number(key);
  if (index > array.length || (!forInsert && index === array.length)) {
    throw new JsonPatchError(`array index out of bounds: ${key}`);
  }
  return index;
}

function getValue(doc: JsonValue, pointer: string): JsonValue {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return doc;
  const { parent, key } = resolveParent(doc, tokens);
  const value = Array.isArray(parent) ? parent[arrayIndex(parent, key, false)] : parent[key];
  if (value === undefined) throw new JsonPatchError(`path not found: ${pointer}`);
  return value;
}

function addValue(doc: JsonValue, pointer: string, value: JsonValue): JsonValue {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return value;
  const { parent, key } = resolveParent(doc, tokens);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, true), 0, value);
  else parent[key] = value;
  return doc;
}

function removeValue(doc: JsonValue, pointer: string): JsonValue {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) throw new JsonPatchError("cannot remove the whole document");
  const { parent, key } = resolveParent(doc, tokens);
  if (Array.isArray(parent)) {
    parent.splice(arrayIndex(parent, key, false), 1);
  } else {
    if (!(key in parent)) throw new JsonPatchError(`path not found: ${pointer}`);
    delete parent[key];
  }
  return doc;
}

export function applyJsonPatch(document: JsonValue, operations: Operation[]): JsonValue {
  let doc = clone(document);
  for (const operation of operations) {
    const value = operation.value;
    switch (operation.op) {
      case "add":
        if (value === undefined) throw new JsonPatchError("missing value");
        doc = addValue(doc, operation.path, clone(value));
        break;
      case "remove":
        doc = removeValue(doc, operation.path);
        break;
      case "replace":
        if (value === undefined) throw new JsonPatchError("missing value");
        getValue(doc, operation.path);
        doc = addValue(removeValue(doc, operation.path), operation.path, clone(value));
        break;
      case "move": {
        const moved = getValue(doc, operation.from ?? "");
        doc = addValue(removeValue(doc, operation.from ?? ""), operation.path, moved);
        break;
      }
      case "copy":
        doc = addValue(doc, operation.path, clone(getValue(doc, operation.from ?? "")));
        break;
      case "test":
        if (!jsonEqual(getValue(doc, operation.path), value ?? null)) {
          throw new JsonPatchError(`testing value ${operation.path} failed`);
        }
        break;
      default:
        throw new JsonPatchError(`unexpected operation: ${operation.op}`);
    }
  }
  return doc;
}
