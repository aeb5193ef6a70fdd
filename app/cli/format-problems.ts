// Problems in the `file:line:col: message` form editors and CI problem matchers read.
import { join } from "node:path";
import type { FileProblem } from "../definitions/definition.ts";

export function problemLines(problems: readonly FileProblem[], repoDir: string): string[] {
  return problems.map((problem) => {
    const file = repoDir === "." ? problem.file : join(repoDir, problem.file);
    const severity = problem.severity === "warning" ? "warning: " : "";
    return `${file}:${problem.line}:${problem.column}: ${severity}${problem.message}`;
  });
}
