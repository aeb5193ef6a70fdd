// `{{…}}` substitution as Argo's template.Replace does it with unresolved references allowed:
// known names are replaced, anything else (`{{pod.name}}`, `{{=expr}}`) stays as written.

export type Lookup = (key: string) => string | undefined;

const REFERENCE = /\{\{\s*([^{}]+?)\s*\}\}/g;

export function substitute(text: string, lookup: Lookup): string {
  return text.replace(REFERENCE, (whole, key: string) =>
    key.startsWith("=") ? whole : (lookup(key) ?? whole),
  );
}

/** Substitutes inside every string of a JSON value (a step, a task, an argument list). */
export function substituteDeep<T>(value: T, lookup: Lookup): T {
  const json = JSON.stringify(value);
  // References sit inside JSON strings, so the value is escaped as JSON string content.
  const replaced = json.replace(REFERENCE, (whole, key: string) => {
    if (key.startsWith("=")) return whole;
    const found = lookup(key.replace(/\\"/g, '"'));
    return found === undefined ? whole : JSON.stringify(found).slice(1, -1);
  });
  return JSON.parse(replaced) as T;
}

export class Scope {
  readonly #values = new Map<string, string>();
  readonly #parent: Scope | undefined;

  constructor(parent?: Scope) {
    this.#parent = parent;
  }

  set(key: string, value: string): void {
    this.#values.set(key, value);
  }

  get(key: string): string | undefined {
    return this.#values.get(key) ?? this.#parent?.get(key);
  }

  readonly lookup: Lookup = (key) => this.get(key);
}
