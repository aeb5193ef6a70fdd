// The RFC 7386 merge patch that turns one JSON document into another (Argo's
// jsonpatch.CreateMergePatch): removed keys become null, arrays are replaced whole.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (value: unknown): value is Record<string, Json> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** The patch from `before` to `after`, or undefined when they are equal. */
export function mergePatch(before: unknown, after: unknown): Json | undefined {
  if (isObject(before) && isObject(after)) {
    const patch: Record<string, Json> = {};
    for (const key of Object.keys(before)) if (!(key in after)) patch[key] = null;
    for (const [key, value] of Object.entries(after)) {
      const change = mergePatch(before[key], value);
      if (change !== undefined) patch[key] = change;
    }
    return Object.keys(patch).length > 0 ? patch : undefined;
  }
  return JSON.stringify(before) === JSON.stringify(after) ? undefined : (after as Json);
}

/** A plain JSON copy: undefined members dropped. */
export const plainJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
