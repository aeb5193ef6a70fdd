// The `flags` of a resource template, which Argo hands to kubectl with the manifest. A flag
// can change where and on what kubectl acts (`-n`, `--all-namespaces`, `--kubeconfig`, a
// resource type and name of its own), so only flags that cannot are admitted.
import { arrayOf, isTemplated } from "../../argo/lint/yaml-value.ts";
import type { SpecProblem } from "../../argo/spec-problem.ts";
import { admissionError } from "./admission-context.ts";
import { childOf, describePlace, type Place } from "./place.ts";

/** Flags followed by a value (`--selector app=x` or `--selector=app=x`). */
const valueFlags = [
  "--selector",
  "-l",
  "--field-selector",
  "--timeout",
  "--grace-period",
  "--field-manager",
];
/** Flags that take no separate value (`--validate=false` still works). */
const switchFlags = [
  "--ignore-not-found",
  "--validate",
  "--wait",
  "--cascade",
  "--force",
  "--server-side",
  "--force-conflicts",
  "--overwrite",
];

export function kubectlFlagProblems(flags: unknown, place: Place): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const tokens = arrayOf<unknown>(flags);
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index];
    if (typeof token !== "string") continue;
    const at = childOf(place, index);
    const name = token.split("=")[0] ?? token;
    if (valueFlags.includes(name)) {
      // kubectl takes the next argument as the value whatever it holds.
      if (!token.includes("=")) index++;
      continue;
    }
    if (switchFlags.includes(name)) continue;
    problems.push(admissionError(at, flagMessage(token, at)));
  }
  return problems;
}

function flagMessage(token: string, place: Place): string {
  const allowed = `allowed: ${[...valueFlags, ...switchFlags].join(", ")}`;
  const where = describePlace(place);
  if (isTemplated(token)) {
    return `${where} is filled in at run time (${JSON.stringify(token)}), so it could be any kubectl flag; write the flag itself (${allowed})`;
  }
  if (!token.startsWith("-")) {
    return `${where} names what kubectl acts on (${JSON.stringify(token)}), which coxswain cannot check against the server policy's resourceKinds; put the object in the manifest instead`;
  }
  return `${where} is the kubectl flag ${JSON.stringify(token)}, which could change where or on what kubectl acts; use the manifest for that (${allowed})`;
}
