// What the lint knows beyond the document itself: the WorkflowTemplates of the same
// repository, so that a `templateRef` to one of them can be checked.
import type { Template } from "./argo-document.ts";
import { arrayOf, isRecord, stringOf } from "./yaml-value.ts";

export interface LintContext {
  /** WorkflowTemplate name → the names of its templates. */
  workflowTemplates: ReadonlyMap<string, ReadonlySet<string>>;
}

export const emptyLintContext: LintContext = { workflowTemplates: new Map() };

/** Collects the WorkflowTemplates among parsed documents (other documents are ignored). */
export function lintContextOf(documents: Iterable<unknown>): LintContext {
  const workflowTemplates = new Map<string, ReadonlySet<string>>();
  for (const document of documents) {
    if (!isRecord(document) || document.kind !== "WorkflowTemplate") continue;
    if (!String(document.apiVersion).startsWith("argoproj.io")) continue;
    const name = isRecord(document.metadata) ? stringOf(document.metadata.name) : undefined;
    if (name === undefined) continue;
    const spec = isRecord(document.spec) ? document.spec : {};
    const names = arrayOf<Template>(spec.templates).flatMap((template) => {
      const templateName = isRecord(template) ? stringOf(template.name) : undefined;
      return templateName === undefined ? [] : [templateName];
    });
    workflowTemplates.set(name, new Set(names));
  }
  return { workflowTemplates };
}
