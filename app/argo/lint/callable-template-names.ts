// The templates a spec can call by name: its own, plus those of the WorkflowTemplate it runs
// through `workflowTemplateRef` when that one is defined in the same repository.
import type { WorkflowSpec } from "./argo-document.ts";
import type { LintContext } from "./lint-context.ts";
import { templateNamesOf } from "./template-sites.ts";
import { isRecord, stringOf } from "./yaml-value.ts";

/** Undefined when the names cannot be known (the referenced template is defined elsewhere). */
export function callableTemplateNames(
  spec: WorkflowSpec,
  context: LintContext,
): string[] | undefined {
  const own = templateNamesOf(spec);
  const ref = spec.workflowTemplateRef;
  if (!isRecord(ref)) return own;
  if (ref.clusterScope === true) return undefined;
  const referenced = context.workflowTemplates.get(stringOf(ref.name) ?? "");
  return referenced === undefined ? undefined : [...new Set([...own, ...referenced])];
}
