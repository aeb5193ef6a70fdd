// The answer to /status: this pull request's runs, newest first.
import type { ArgoObject } from "../cluster/argo-kinds.ts";
import { annotationKeys, labelKeys } from "../cluster/labels.ts";
import { code, escapeMarkdown } from "./markdown.ts";

const phaseIcons: Record<string, string> = {
  "": "⏳ Pending",
  Pending: "⏳ Pending",
  Running: "🔄 Running",
  Succeeded: "✅ Succeeded",
  Failed: "❌ Failed",
  Error: "💥 Error",
};

const maxRows = 30;

export function renderRunList(runs: readonly ArgoObject[]): string {
  if (runs.length === 0)
    return "This pull request has no runs yet. Start one with `/run <template>`.";
  const lines = [
    "| run | template | phase | progress | commit | by |",
    "| --- | --- | --- | --- | --- | --- |",
  ];
  for (const run of runs.slice(0, maxRows)) {
    const labels = run.metadata.labels ?? {};
    const status = (run.status ?? {}) as { phase?: string; progress?: string };
    const stopping = (run.spec as { shutdown?: string } | undefined)?.shutdown;
    const finished = ["Succeeded", "Failed", "Error"].includes(status.phase ?? "");
    const shutdown =
      stopping && !finished ? ` (${stopping === "Terminate" ? "terminating" : "stopping"})` : "";
    const phase = `${phaseIcons[status.phase ?? ""] ?? escapeMarkdown(status.phase ?? "")}${shutdown}`;
    const actor = run.metadata.annotations?.[annotationKeys.actor] ?? labels[labelKeys.actor] ?? "";
    lines.push(
      `| ${code(run.metadata.name)} | ${escapeMarkdown(labels[labelKeys.template] ?? "")} | ${phase} | ${status.progress ?? ""} | ${(labels[labelKeys.commit] ?? "").slice(0, 7)} | ${escapeMarkdown(actor)} |`,
    );
  }
  if (runs.length > maxRows) lines.push("", `… and ${runs.length - maxRows} older runs`);
  return lines.join("\n");
}
