// JSON value types and the few deep operations the test API needs on them.

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | JsonObject;
export type JsonObject = { [key: string]: JsonValue };

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function clone<T extends JsonValue>(value: T): T {
  return structuredClone(value);
}

export function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (isJsonObject(a)) {
    if (!isJsonObject(b)) return false;
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((key) => key in b && jsonEqual(a[key], b[key]));
  }
  return false;
}

/** The object at `key`, created empty when missing. */
export function childObject(parent: JsonObject, key: string): JsonObject {
  const existing = parent[key];
  if (isJsonObject(existing)) return existing;
  const created: JsonObject = {};
  parent[key] = created;
  return created;
}

export function objectAt(parent: JsonObject | undefined, key: string): JsonObject | undefined {
  const value = parent?.[key];
  return isJsonObject(value) ? value : undefined;
}

export function stringAt(parent: JsonObject | undefined, key: string): string | undefined {
  const value = parent?.[key];
  return typeof value === "string" ? value : undefined;
}

/** Type name in the words of the OpenAPI validator ("integer", "string", ...). */
export function jsonTypeName(value: JsonValue): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

/** Parses JSON, describing a failure the way Go's encoding/json does for the common cases. */
export function parseJson(
  text: string,
): { ok: true; value: JsonValue } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as JsonValue };
  } catch {
    return { ok: false, error: goJsonError(text) };
  }
}

function goJsonError(text: string): string {
  const trimmed = text.trimStart();
  const first = trimmed.codePointAt(0);
  if (first === undefined) return "unexpected end of JSON input";
  if (!/[{["\-0-9tfn]/.test(String.fromCodePoint(first))) {
    return `invalid character ${goQuoteChar(first)} looking for beginning of value`;
  }
  return "unexpected end of JSON input";
}

function goQuoteChar(code: number): string {
  if (code === 0x27) return `'\\''`;
  if (code === 0x22) return `'"'`;
  if (code < 0x20 || (code >= 0x7f && code < 0xa0)) {
    return `'\\u${code.toString(16).padStart(4, "0")}'`;
  }
  return `'${String.fromCodePoint(code)}'`;
}

/** Go's error text for bytes that are not valid JSON (used for continue tokens). */
export function goJsonErrorForBytes(bytes: Uint8Array): string | undefined {
  let i = 0;
  while (i < bytes.length && [0x20, 0x09, 0x0a, 0x0d].includes(bytes[i] ?? 0)) i++;
  const first = bytes[i];
  if (first === undefined) return "unexpected end of JSON input";
  if (!/[{["\-0-9tfn]/.test(String.fromCharCode(first))) {
    return `invalid character ${goQuoteChar(first)} looking for beginning of value`;
  }
  return undefined;
}
