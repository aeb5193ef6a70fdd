// Field-level differences between two objects, for the plan: what an update would change.
// Lists of named items (templates, tasks, parameters) are matched by name, not position.

export interface FieldChange {
  path: string;
  /** Absent when the field is added. */
  before?: unknown;
  /** Absent when the field is removed. */
  after?: unknown;
}

export function diffFields(before: unknown, after: unknown, path = ""): FieldChange[] {
  if (equalJson(before, after)) return [];
  if (isRecord(before) && isRecord(after)) return diffRecords(before, after, path);
  if (Array.isArray(before) && Array.isArray(after)) {
    const keyed = byName(before) && byName(after);
    return keyed ? diffNamedLists(before, after, path) : diffLists(before, after, path);
  }
  return [change(path, before, after)];
}

function diffRecords(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  path: string,
): FieldChange[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys.flatMap((key) => diffFields(before[key], after[key], join(path, key)));
}

function diffNamedLists(before: unknown[], after: unknown[], path: string): FieldChange[] {
  const beforeByName = new Map(before.map((item) => [(item as { name: string }).name, item]));
  const afterByName = new Map(after.map((item) => [(item as { name: string }).name, item]));
  const names = [...new Set([...beforeByName.keys(), ...afterByName.keys()])];
  const changes = names.flatMap((name) =>
    diffFields(beforeByName.get(name), afterByName.get(name), `${path}[${name}]`),
  );
  const order = (list: unknown[]) => list.map((item) => (item as { name: string }).name).join("\0");
  if (changes.length === 0 && order(before) !== order(after)) {
    return [
      change(
        `${path} (order)`,
        before.map((i) => (i as { name: string }).name),
        after.map((i) => (i as { name: string }).name),
      ),
    ];
  }
  return changes;
}

function diffLists(before: unknown[], after: unknown[], path: string): FieldChange[] {
  const length = Math.max(before.length, after.length);
  const changes: FieldChange[] = [];
  for (let i = 0; i < length; i++)
    changes.push(...diffFields(before[i], after[i], `${path}[${i}]`));
  return changes;
}

function change(path: string, before: unknown, after: unknown): FieldChange {
  return {
    path,
    ...(before === undefined ? {} : { before }),
    ...(after === undefined ? {} : { after }),
  };
}

function byName(list: unknown[]): boolean {
  const names = list.map((item) =>
    isRecord(item) && typeof item.name === "string" ? item.name : undefined,
  );
  return (
    list.length > 0 &&
    names.every((name) => name !== undefined) &&
    new Set(names).size === names.length
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function join(path: string, key: string): string {
  const safe = /^[A-Za-z_$][\w$-]*$/.test(key) ? key : JSON.stringify(key);
  return path ? `${path}.${safe}` : safe;
}

function equalJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, i) => equalJson(item, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a).filter((k) => a[k] !== undefined);
    const otherKeys = Object.keys(b).filter((k) => b[k] !== undefined);
    return keys.length === otherKeys.length && keys.every((key) => equalJson(a[key], b[key]));
  }
  return false;
}

export { equalJson };
