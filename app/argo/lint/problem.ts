import type { YamlPath } from "../../yaml/load-yaml.ts";
import type { SpecProblem } from "../spec-problem.ts";

export function lintError(path: YamlPath, message: string): SpecProblem {
  return { path, message, severity: "error" };
}

export function lintWarning(path: YamlPath, message: string): SpecProblem {
  return { path, message, severity: "warning" };
}
