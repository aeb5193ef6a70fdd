// Field selectors (k8s.io/apimachinery/pkg/fields): `a=b`, `a==b`, `a!=b`, comma = AND.
import { type JsonObject, objectAt, stringAt } from "./json.ts";
import type { ResourceType } from "./resources.ts";

export interface FieldRequirement {
  readonly field: string;
  readonly value: string;
  readonly negated: boolean;
}

export type FieldSelector = readonly FieldRequirement[];

function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let current = "";
  for (let i = 0; i < selector.length; i++) {
    const ch = selector[i];
    if (ch === "\\" && i + 1 < selector.length) {
      current += ch + selector[++i];
    } else if (ch === ",") {
      terms.push(current);
      current = "";
    } else {
      current += ch;
    }
  }
  terms.push(current);
  return terms;
}

function splitTerm(term: string): { field: string; op: string; value: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    if (term[i] === "\\") {
      i++;
      continue;
    }
    for (const op of ["!=", "==", "="]) {
      if (term.startsWith(op, i))
        return { field: term.slice(0, i), op, value: term.slice(i + op.length) };
    }
  }
  return undefined;
}

const unescapeValue = (value: string) => value.replace(/\\(.)/g, "$1");

/** Parses a field selector and checks its labels are supported; throws with the server's message. */
export function parseFieldSelector(selector: string, rt: ResourceType): FieldSelector {
  const requirements: FieldRequirement[] = [];
  for (const term of splitTerms(selector).sort()) {
    if (term === "") continue;
    const parts = splitTerm(term);
    if (!parts) throw new Error(`invalid selector: '${selector}'; can't understand '${term}'`);
    const supported =
      parts.field === "metadata.name" ||
      parts.field === "metadata.namespace" ||
      parts.field in rt.extraFieldLabels;
    if (!supported) throw new Error(`field label not supported: ${parts.field}`);
    requirements.push({
      field: parts.field,
      value: unescapeValue(parts.value),
      negated: parts.op === "!=",
    });
  }
  return requirements;
}

function fieldValue(rt: ResourceType, object: JsonObject, field: string): string {
  const metadata = objectAt(object, "metadata");
  if (field === "metadata.name") return stringAt(metadata, "name") ?? "";
  if (field === "metadata.namespace") return stringAt(metadata, "namespace") ?? "";
  return rt.extraFieldLabels[field]?.(object) ?? "";
}

export function matchesFields(
  selector: FieldSelector,
  rt: ResourceType,
  object: JsonObject,
): boolean {
  return selector.every((r) => (fieldValue(rt, object, r.field) === r.value) !== r.negated);
}
