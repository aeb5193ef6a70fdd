// Checks the parameters of a run against those its template declares: every given name must
// be declared, every declared parameter without a value must be given, enums are respected.
import { closest, distance } from "fastest-levenshtein";

export interface DeclaredParameter {
  name: string;
  value?: unknown;
  default?: unknown;
  enum?: unknown[];
  valueFrom?: unknown;
}

/** A parameter given for a run (validated); the others keep the template's own values. */
export interface RunParameter {
  name: string;
  value: string;
}

export type ParameterResult =
  | { ok: true; parameters: RunParameter[] }
  | { ok: false; problems: string[] };

export function runParameters(
  template: string,
  declared: readonly DeclaredParameter[],
  given: Readonly<Record<string, string>>,
): ParameterResult {
  const names = declared.map((parameter) => parameter.name);
  const problems: string[] = [];
  for (const name of Object.keys(given)) {
    if (names.includes(name)) continue;
    const near = names.length ? closest(name, names) : undefined;
    const hint = near && distance(name, near) <= 2 ? `; did you mean ${near}?` : "";
    problems.push(
      `${template} has no parameter ${name}${hint} (declared: ${names.join(", ") || "none"})`,
    );
  }
  const parameters: RunParameter[] = [];
  for (const parameter of declared) {
    const value = given[parameter.name];
    if (value === undefined) {
      if (!hasOwnValue(parameter)) {
        problems.push(`${template} needs a value for ${parameter.name}: write ${parameter.name}=…`);
      }
      continue;
    }
    const allowed = parameter.enum?.map(String);
    if (allowed && allowed.length > 0 && !allowed.includes(value)) {
      problems.push(
        `${parameter.name} must be one of ${allowed.join(", ")}, not ${JSON.stringify(value)}`,
      );
      continue;
    }
    parameters.push({ name: parameter.name, value });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, parameters };
}

/** A value, a default or a valueFrom (resolved by Argo at run time) makes a parameter optional. */
function hasOwnValue(parameter: DeclaredParameter): boolean {
  return [parameter.value, parameter.default, parameter.valueFrom].some(
    (v) => v !== undefined && v !== null,
  );
}
