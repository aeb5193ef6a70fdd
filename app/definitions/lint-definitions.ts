// The semantic checks of `argo lint` over a repository's definitions, with the repository's
// own WorkflowTemplates known so that a templateRef between them is checked.
import { createHash } from "node:crypto";
import type { ArgoDocument } from "../argo/lint/argo-document.ts";
import { lintArgoDocument } from "../argo/lint/lint-argo-document.ts";
import { type LintContext, lintContextOf } from "../argo/lint/lint-context.ts";
import type { FileProblem } from "./definition.ts";
import { type LocatedDefinition, locatedProblem } from "./located-problem.ts";

/** `context`: the repository's WorkflowTemplates; default: those among `located`. */
export function lintDefinitions(
  located: readonly LocatedDefinition[],
  context: LintContext = lintContextOf(located.map(({ definition }) => definition.document)),
): FileProblem[] {
  return located.flatMap(({ definition, document }) =>
    lintArgoDocument(definition.document as unknown as ArgoDocument, context).map((problem) =>
      locatedProblem(definition.file, document, problem),
    ),
  );
}

/** A digest of the lint context: equal for contexts that lint every document the same way. */
export function lintContextKey(context: LintContext): string {
  const templates = [...context.workflowTemplates]
    .map(([name, names]) => [name, [...names].sort()] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash("sha256").update(JSON.stringify(templates)).digest("hex");
}
