// The answer to /status: this pull request's runs, newest first.
import { code, escapeMarkdown } from "./markdown.ts";
import { iconOf } from "./phase-icons.ts";
import type { RunRow } from "./run-rows.ts";

const maxRows = 30;

export function renderRunList(rows: readonly RunRow[]): string {
  if (rows.length === 0)
    return "This pull request has no runs yet. Start one with `/run <template>`.";
  const lines = [
    "| run | template | phase | progress | commit | by |",
    "| --- | --- | --- | --- | --- | --- |",
  ];
  for (const row of rows.slice(0, maxRows)) {
    const finished = ["Succeeded", "Failed", "Error"].includes(row.phase);
    const shutdown =
      row.stopping && !finished
        ? ` (${row.stopping === "Terminate" ? "terminating" : "stopping"})`
        : "";
    const pruned = row.pruned ? " · pruned" : "";
    const phase = `${iconOf(row.phase)} ${escapeMarkdown(row.phase)}${shutdown}${pruned}`;
    lines.push(
      `| ${code(row.name, "table")} | ${escapeMarkdown(row.template)} | ${phase} | ${escapeMarkdown(row.progress ?? "")} | ${escapeMarkdown(row.commit.slice(0, 7))} | ${escapeMarkdown(row.actor)} |`,
    );
  }
  if (rows.length > maxRows) lines.push("", `… and ${rows.length - maxRows} older runs`);
  return lines.join("\n");
}
