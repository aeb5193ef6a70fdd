// Run-time shape checks for values parsed from YAML, which may not match their declared types.
import type { YamlPath } from "../../yaml/load-yaml.ts";

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function arrayOf<T>(value: T[] | undefined | unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

export function stringOf(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** Entries of a mapping, or none when the value is not one. */
export function entriesOf<T>(value: Record<string, T> | undefined | unknown): [string, T][] {
  return isRecord(value) ? (Object.entries(value) as [string, T][]) : [];
}

export interface StringAt {
  value: string;
  path: YamlPath;
}

/**
 * Every string inside `value` with its path, keys excluded. `skip` prunes subtrees
 * (templates nested in a template are scanned on their own).
 */
export function stringsIn(
  value: unknown,
  path: YamlPath,
  skip: (path: YamlPath) => boolean = () => false,
): StringAt[] {
  const found: StringAt[] = [];
  const visit = (node: unknown, at: YamlPath): void => {
    if (skip(at)) return;
    if (typeof node === "string") found.push({ value: node, path: at });
    else if (Array.isArray(node)) {
      for (const [index, item] of node.entries()) visit(item, [...at, index]);
    } else if (isRecord(node))
      for (const [key, item] of Object.entries(node)) visit(item, [...at, key]);
  };
  visit(value, path);
  return found;
}

/** Whether a value is filled in at run time (`{{…}}`), so it cannot be checked now. */
export function isTemplated(value: string): boolean {
  return value.includes("{{");
}
