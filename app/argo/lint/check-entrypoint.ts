// `spec.entrypoint` must name a template the workflow can start from.
import type { YamlPath } from "../../yaml/load-yaml.ts";
import type { SpecProblem } from "../spec-problem.ts";
import type { WorkflowSpec } from "./argo-document.ts";
import { lintError } from "./problem.ts";
import { listOf, notFound } from "./suggestion.ts";
import { isRecord, isTemplated, stringOf } from "./yaml-value.ts";

export interface EntrypointRule {
  /** Workflows and CronWorkflows must say where to start; templates need not. */
  required: boolean;
  /** Templates it may name; undefined when they cannot be known. */
  templateNames: readonly string[] | undefined;
}

export function checkEntrypoint(
  spec: WorkflowSpec,
  specPath: YamlPath,
  rule: EntrypointRule,
): SpecProblem[] {
  const entrypoint = stringOf(spec.entrypoint);
  const names = rule.templateNames;
  if (entrypoint === undefined || entrypoint === "") {
    // With workflowTemplateRef, the referenced template's entrypoint is used.
    if (!rule.required || isRecord(spec.workflowTemplateRef)) return [];
    const defined = names === undefined ? "" : ` (defined: ${listOf(names)})`;
    return [
      lintError(specPath, `entrypoint is required: name the template to start from${defined}`),
    ];
  }
  if (names === undefined || isTemplated(entrypoint) || names.includes(entrypoint)) return [];
  return [
    lintError([...specPath, "entrypoint"], notFound("entrypoint template", entrypoint, names)),
  ];
}
