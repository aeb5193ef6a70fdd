// A field value the Pod Security Standards forbid, with the level that first forbids it, and
// the helpers the field rules share.
import { isTemplated } from "../../argo/lint/yaml-value.ts";
import { describePlace, type Place } from "./place.ts";
import type { EnforcedFrom } from "./pod-security-standard.ts";

export interface Violation {
  place: Place;
  from: EnforcedFrom;
  /** What the standard forbids: "privileged containers". */
  control: string;
  /** What the place holds: "is true". */
  found: string;
  /** What would be right. */
  fix: string;
}

/** `baseline pod security (server policy) forbids privileged containers: … is true; …`. */
export function violationMessage(violation: Violation, levelPhrase: string): string {
  const { control, place, found, fix } = violation;
  return `${levelPhrase} forbids ${control}: ${describePlace(place)} ${found}; ${fix}`;
}

interface StringRule {
  from: EnforcedFrom;
  control: string;
  allowed: (value: string) => boolean;
  fix: string;
}

/**
 * A string field the standard restricts to some values. A value filled in at run time
 * (`{{…}}`) could become anything, so it is refused too.
 */
export function checkString(value: unknown, place: Place, rule: StringRule): Violation[] {
  if (typeof value !== "string") return [];
  const { from, control, fix } = rule;
  if (isTemplated(value)) {
    const found = `is filled in at run time (${JSON.stringify(value)}), so it cannot be checked`;
    return [{ place, from, control, found, fix: "write the value itself" }];
  }
  return rule.allowed(value)
    ? []
    : [{ place, from, control, found: `is ${JSON.stringify(value)}`, fix }];
}

export function quotedList(values: readonly string[]): string {
  return values.join(", ");
}
