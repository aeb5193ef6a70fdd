// Checks one reference to a template: by name within the spec, or by `templateRef` into a
// WorkflowTemplate of the same repository.
import type { YamlPath } from "../../yaml/load-yaml.ts";
import type { SpecProblem } from "../spec-problem.ts";
import type { LintContext } from "./lint-context.ts";
import { lintError } from "./problem.ts";
import { notFound } from "./suggestion.ts";
import { isRecord, isTemplated, stringOf } from "./yaml-value.ts";

/** `templateNames` is undefined when the callable templates cannot be known. */
export function checkTemplateName(
  name: unknown,
  path: YamlPath,
  templateNames: readonly string[] | undefined,
): SpecProblem[] {
  const value = stringOf(name);
  if (value === undefined || templateNames === undefined) return [];
  if (isTemplated(value) || templateNames.includes(value)) return [];
  return [lintError(path, notFound("template", value, templateNames))];
}

/**
 * Only references to WorkflowTemplates defined in the same repository can be checked; others
 * live elsewhere in the cluster, and ClusterWorkflowTemplates are out of reach.
 */
export function checkTemplateRef(
  ref: unknown,
  path: YamlPath,
  context: LintContext,
): SpecProblem[] {
  if (!isRecord(ref) || ref.clusterScope === true) return [];
  const workflowTemplate = stringOf(ref.name);
  const template = stringOf(ref.template);
  if (workflowTemplate === undefined || template === undefined) return [];
  const known = context.workflowTemplates.get(workflowTemplate);
  if (known === undefined || isTemplated(template) || known.has(template)) return [];
  const where = `WorkflowTemplate "${workflowTemplate}"`;
  return [lintError([...path, "template"], notFound("template", template, [...known], { where }))];
}
