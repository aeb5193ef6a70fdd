// The `coxswain/sync` check run: what a push changed in the cluster, or why nothing was.
import type { PlanOutcome } from "../sync/plan-repository.ts";
import type { CheckRunReport } from "./check-run-output.ts";
import { fitText } from "./check-run-output.ts";
import { code } from "./markdown.ts";
import { changesTable, countsTitle, unchangedNote } from "./render-changes.ts";
import { renderProblems } from "./render-problems.ts";

export function renderSyncReport(outcome: PlanOutcome, namespace: string): CheckRunReport {
  if (!outcome.ok) return renderProblems(outcome.problems, "nothing was applied");
  const table = changesTable(outcome.changes, "past", { showUnchanged: false });
  const summary = [
    `Synced to namespace ${code(namespace)}.`,
    table || "Nothing to change: the cluster already matches this commit.",
    unchangedNote(outcome.changes),
  ]
    .filter(Boolean)
    .join("\n\n");
  return {
    conclusion: "success",
    title: countsTitle(outcome.changes, "past"),
    summary: fitText(summary),
    annotations: outcome.warnings,
  };
}
