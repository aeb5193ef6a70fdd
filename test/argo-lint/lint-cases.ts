// Table-driven lint tests: a small invalid document, the exact problems it has, and the edit
// that makes it valid.
import { expect, it } from "vitest";
import type { ArgoDocument } from "../../app/argo/lint/argo-document.ts";
import { lintArgoDocument } from "../../app/argo/lint/lint-argo-document.ts";
import { emptyLintContext, type LintContext } from "../../app/argo/lint/lint-context.ts";
import type { SpecProblem } from "../../app/argo/spec-problem.ts";
import { loadYaml } from "../../app/yaml/load-yaml.ts";

export interface LintCase {
  /** The test's name: a sentence saying what is reported. */
  behaviour: string;
  yaml: string;
  /** Problems expected in `yaml`; severity "error" unless given. */
  problems: Array<Omit<SpecProblem, "severity"> & { severity?: SpecProblem["severity"] }>;
  /** Replacements (text → text) in `yaml` that leave a valid document. */
  fix: Array<[string, string]>;
  context?: LintContext;
}

export function parseArgoDocument(yaml: string): ArgoDocument {
  const result = loadYaml(yaml);
  if (!result.ok) throw new Error(`test YAML does not parse: ${result.message}`);
  return result.documents[0]?.value as ArgoDocument;
}

export function lintYaml(yaml: string, context: LintContext = emptyLintContext): SpecProblem[] {
  return lintArgoDocument(parseArgoDocument(yaml), context);
}

export function itReports(cases: readonly LintCase[]): void {
  it.each(cases)("$behaviour", ({ yaml, problems, fix, context }) => {
    const expected = problems.map((problem) => ({ severity: "error", ...problem }));
    expect(lintYaml(yaml, context)).toEqual(expected);
    let fixed = yaml;
    for (const [from, to] of fix) {
      expect(fixed, `fix "${from}" applies`).toContain(from);
      fixed = fixed.replace(from, to);
    }
    expect(lintYaml(fixed, context)).toEqual([]);
  });
}
