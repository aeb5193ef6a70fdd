// The `coxswain/plan` check run on a pull request: what merging it would change in the
// cluster, field by field, with a picture of each changed pipeline.
import type { Change } from "../definitions/plan-changes.ts";
import type { PlanOutcome } from "../sync/plan-repository.ts";
import type { CheckRunReport } from "./check-run-output.ts";
import { fitText } from "./check-run-output.ts";
import { code, codeBlock, escapeMarkdown } from "./markdown.ts";
import { changesTable, countsTitle, unchangedNote } from "./render-changes.ts";
import { fieldChangeLine } from "./render-field-change.ts";
import { pipelinePictures } from "./render-pipeline-pictures.ts";
import { renderProblems } from "./render-problems.ts";

const maxFieldLinesPerObject = 40;

export function renderPlanReport(outcome: PlanOutcome, namespace: string): CheckRunReport {
  if (!outcome.ok)
    return renderProblems(outcome.problems, "this pull request cannot be synced as it is");
  const changed = outcome.changes.filter((change) => change.action !== "unchanged");
  const summary = [
    `Merging this pull request would change namespace ${code(namespace)} like this:`,
    changesTable(outcome.changes, "future", { showUnchanged: false }) ||
      "No changes: the cluster already matches.",
    unchangedNote(outcome.changes),
  ]
    .filter(Boolean)
    .join("\n\n");
  const sections = [fieldSections(changed), pipelinePictures(changed)].filter(Boolean);
  return {
    conclusion: "success",
    title: `Plan: ${countsTitle(outcome.changes, "future")}`,
    summary: fitText(summary),
    ...(sections.length ? { text: fitText(sections.join("\n\n")) } : {}),
    annotations: outcome.warnings,
  };
}

function fieldSections(changes: readonly Change[]): string {
  const updates = changes.filter((change) => change.action === "update");
  return updates
    .map((change) => {
      const lines = change.fields.length
        ? change.fields.map(fieldChangeLine)
        : ["labels or annotations changed"];
      const shown = lines.slice(0, maxFieldLinesPerObject);
      if (lines.length > shown.length) shown.push(`… and ${lines.length - shown.length} more`);
      return `### ✏️ ${escapeMarkdown(change.kind)} ${code(change.name)}\n\n${codeBlock(shown.join("\n"))}`;
    })
    .join("\n\n");
}
