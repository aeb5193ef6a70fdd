// The semantic checks of `argo lint` over a repository's definitions, with the repository's
// own WorkflowTemplates known so that a templateRef between them is checked.
import type { ArgoDocument } from "../argo/lint/argo-document.ts";
import { lintArgoDocument } from "../argo/lint/lint-argo-document.ts";
import { lintContextOf } from "../argo/lint/lint-context.ts";
import type { FileProblem } from "./definition.ts";
import { type LocatedDefinition, locatedProblem } from "./located-problem.ts";

export function lintDefinitions(located: readonly LocatedDefinition[]): FileProblem[] {
  const context = lintContextOf(located.map(({ definition }) => definition.document));
  return located.flatMap(({ definition, document }) =>
    lintArgoDocument(definition.document as unknown as ArgoDocument, context).map((problem) =>
      locatedProblem(definition.file, document, problem),
    ),
  );
}
