// Lints one workflow spec: of a Workflow, a (Cluster)WorkflowTemplate, or a CronWorkflow's
// workflowSpec.
import type { YamlPath } from "../../yaml/load-yaml.ts";
import type { SpecProblem } from "../spec-problem.ts";
import type { WorkflowSpec } from "./argo-document.ts";
import { callableTemplateNames } from "./callable-template-names.ts";
import { checkDag } from "./check-dag.ts";
import { checkEntrypoint } from "./check-entrypoint.ts";
import { checkSteps } from "./check-steps.ts";
import { checkTemplateReferences } from "./check-template-references.ts";
import { checkTemplateVariables } from "./check-template-variables.ts";
import { checkWorkflowParameters } from "./check-workflow-parameters.ts";
import type { LintContext } from "./lint-context.ts";
import { templateSitesOf } from "./template-sites.ts";
import { isRecord } from "./yaml-value.ts";

export type WorkflowSpecKind =
  | "Workflow"
  | "WorkflowTemplate"
  | "ClusterWorkflowTemplate"
  | "CronWorkflow";

export function lintWorkflowSpec(
  value: unknown,
  specPath: YamlPath,
  kind: WorkflowSpecKind,
  context: LintContext,
): SpecProblem[] {
  if (!isRecord(value)) return [];
  const spec = value as WorkflowSpec;
  const inTemplate = kind === "WorkflowTemplate" || kind === "ClusterWorkflowTemplate";
  const templateNames = callableTemplateNames(spec, context);
  const sites = templateSitesOf(spec, specPath);
  // A Workflow run from a WorkflowTemplate gets its parameters from that template.
  const runsTemplate = isRecord(spec.workflowTemplateRef);
  return [
    ...checkEntrypoint(spec, specPath, { required: !inTemplate, templateNames }),
    ...checkTemplateReferences(spec, specPath, sites, { templateNames, context }),
    ...sites.flatMap((site) => [
      ...checkSteps(site),
      ...checkDag(site),
      ...checkTemplateVariables(site),
    ]),
    ...(runsTemplate ? [] : checkWorkflowParameters(spec, specPath, inTemplate)),
  ];
}
