import type { WorkflowSpec } from "../../app/argo/lint/argo-document.ts";
import { loadYaml } from "../../app/yaml/load-yaml.ts";

/** The spec of a workflow written as YAML (only the spec, without apiVersion and kind). */
export function specOf(yaml: string): WorkflowSpec {
  const result = loadYaml(yaml);
  if (!result.ok) throw new Error(`test YAML does not parse: ${result.message}`);
  return result.documents[0]?.value as WorkflowSpec;
}
