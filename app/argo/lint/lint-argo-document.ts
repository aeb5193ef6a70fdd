// The semantic checks `argo lint` makes beyond Argo's JSON schema, for one document that has
// already passed the schema.
import type { SpecProblem } from "../spec-problem.ts";
import type { ArgoDocument } from "./argo-document.ts";
import { lintCronWorkflow } from "./check-cron-workflow.ts";
import type { LintContext } from "./lint-context.ts";
import { lintWorkflowSpec } from "./lint-workflow-spec.ts";
import { lintWarning } from "./problem.ts";

export function lintArgoDocument(doc: ArgoDocument, context: LintContext): SpecProblem[] {
  try {
    switch (doc.kind) {
      case "Workflow":
      case "WorkflowTemplate":
      case "ClusterWorkflowTemplate":
        return lintWorkflowSpec(doc.spec, ["spec"], doc.kind, context);
      case "CronWorkflow":
        return lintCronWorkflow(doc.spec, context);
      default:
        return [];
    }
  } catch (error) {
    // The checks read untrusted YAML; a shape they did not foresee must not fail a whole sync.
    const reason = error instanceof Error ? error.message : String(error);
    return [lintWarning([], `the semantic checks stopped early on an unexpected shape: ${reason}`)];
  }
}
