// A table of what a sync did (or a plan would do), one row per changed object.
import type { Change } from "../definitions/plan-changes.ts";
import { code, escapeMarkdown } from "./markdown.ts";
import { plural } from "./render-problems.ts";

const verbs = {
  past: { create: "created", update: "updated", unchanged: "unchanged", delete: "deleted" },
  future: { create: "create", update: "update", unchanged: "unchanged", delete: "delete" },
} as const;

const icons = { create: "➕", update: "✏️", unchanged: "·", delete: "🗑️" } as const;

export type Tense = keyof typeof verbs;

export function countsTitle(changes: readonly Change[], tense: Tense): string {
  const count = (action: Change["action"]) =>
    changes.filter((change) => change.action === action).length;
  const parts = (["create", "update", "unchanged", "delete"] as const)
    .filter((action) => count(action) > 0 || action === "unchanged")
    .map((action) => `${count(action)} ${verbs[tense][action]}`);
  return parts.join(", ");
}

export function changesTable(
  changes: readonly Change[],
  tense: Tense,
  options: { showUnchanged: boolean },
): string {
  const rows = changes.filter((change) => options.showUnchanged || change.action !== "unchanged");
  if (rows.length === 0) return "";
  const lines = ["| | kind | name | file |", "| --- | --- | --- | --- |"];
  for (const change of rows) {
    lines.push(
      `| ${icons[change.action]} ${verbs[tense][change.action]} | ${escapeMarkdown(change.kind)} | ${code(change.name, "table")} | ${change.file ? escapeMarkdown(change.file) : ""} |`,
    );
  }
  return lines.join("\n");
}

export function unchangedNote(changes: readonly Change[]): string {
  const unchanged = changes.filter((change) => change.action === "unchanged").length;
  return unchanged > 0 ? `${plural(unchanged, "definition")} already up to date.` : "";
}
