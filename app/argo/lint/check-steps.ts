// Steps templates: step names are unique across all the template's step groups, as Argo
// requires so that `{{steps.NAME.…}}` is unambiguous.
import type { SpecProblem } from "../spec-problem.ts";
import { lintError } from "./problem.ts";
import { invocationsOf, type TemplateSite } from "./template-sites.ts";
import { stringOf } from "./yaml-value.ts";

export function checkSteps(site: TemplateSite): SpecProblem[] {
  const seen = new Set<string>();
  return invocationsOf(site).flatMap((call) => {
    const name = stringOf(call.invocation.name);
    if (call.kind !== "step" || name === undefined) return [];
    if (!seen.has(name)) {
      seen.add(name);
      return [];
    }
    const message = `step name "${name}" is used twice in ${site.label}; step names must be unique within a steps template`;
    return [lintError([...call.path, "name"], message)];
  });
}
