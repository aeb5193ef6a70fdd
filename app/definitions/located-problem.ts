// Turns a problem found inside a document into a problem at a file line.
import type { SpecProblem } from "../argo/spec-problem.ts";
import type { YamlDocument } from "../yaml/load-yaml.ts";
import type { Definition, FileProblem } from "./definition.ts";

export interface LocatedDefinition {
  definition: Definition;
  document: YamlDocument;
}

export function locatedProblem(
  file: string,
  document: YamlDocument,
  problem: SpecProblem,
): FileProblem {
  const position = document.locate(problem.path);
  return {
    file,
    line: position.line,
    column: position.column,
    message: problem.message,
    severity: problem.severity,
  };
}
