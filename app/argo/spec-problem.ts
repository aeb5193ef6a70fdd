// A problem found in one Argo document, located by its path inside the document.
import type { YamlPath } from "../yaml/load-yaml.ts";

export interface SpecProblem {
  path: YamlPath;
  message: string;
  severity: "error" | "warning";
}
