// `{{workflow.parameters.NAME}}` anywhere in a spec must be declared in spec.arguments.parameters.
import type { YamlPath } from "../../yaml/load-yaml.ts";
import type { SpecProblem } from "../spec-problem.ts";
import type { WorkflowSpec } from "./argo-document.ts";
import { parameterNames } from "./parameter-names.ts";
import { notFound } from "./suggestion.ts";
import { simpleTagsIn } from "./template-tags.ts";
import { isRecord, stringsIn } from "./yaml-value.ts";

const prefix = "workflow.parameters.";
// `{{workflow.parameters}}` and `{{workflow.parameters.json}}` hold all parameters as JSON.
const allParameters = "json";

/**
 * In a WorkflowTemplate an undeclared parameter is only a warning: a Workflow that runs the
 * template (or calls it through templateRef) may supply it, which is why argo lint accepts it.
 */
export function checkWorkflowParameters(
  spec: WorkflowSpec,
  specPath: YamlPath,
  inTemplate: boolean,
): SpecProblem[] {
  const severity = inTemplate ? "warning" : "error";
  const note = inTemplate ? "; the Workflow that runs this template must supply it" : "";
  const declared = parameterNames(isRecord(spec.arguments) ? spec.arguments.parameters : []);
  return stringsIn(spec, specPath).flatMap(({ value, path }) =>
    simpleTagsIn(value).flatMap((tag) => {
      if (!tag.reference.startsWith(prefix)) return [];
      const name = tag.reference.slice(prefix.length);
      if (declared.includes(name) || name === allParameters) return [];
      const where = "spec.arguments.parameters";
      const message = `${tag.text}: ${notFound("workflow parameter", name, declared, { where, listLabel: "declared" })}`;
      return [{ path, message: message + note, severity }];
    }),
  );
}
