// A key left empty in a YAML config (`argo:` followed only by comments) reads as null;
// treat it as absent, so the key's default applies instead of a type error.
export function withoutEmptyKeys(value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== null)
      .map(([key, entry]) => [key, withoutEmptyKeys(entry)]),
  );
}
