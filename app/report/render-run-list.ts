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

/** One line of /status: a run in the cluster, or one known only from the ledger (pruned). */
export interface RunRow {
  name: string;
  template: string;
  phase: string;
  progress?: string;
  commit: string;
  actor: string;
  /** Stop or Terminate asked and not yet done. */
  stopping?: string;
  /** Pruned from the cluster: only its record is left. */
  pruned?: boolean;
  /** For the order, newest first (epoch ms). */
  at: number;
}

export function rowOfWorkflow(run: ArgoObject): RunRow {
  const labels = run.metadata.labels ?? {};
  const status = (run.status ?? {}) as { phase?: string; progress?: string };
  const stopping = (run.spec as { shutdown?: string } | undefined)?.shutdown;
  return {
    name: run.metadata.name,
    template:
      run.metadata.annotations?.[annotationKeys.template] ?? labels[labelKeys.template] ?? "",
    phase: status.phase ?? "",
    ...(status.progress ? { progress: status.progress } : {}),
    commit: labels[labelKeys.commit] ?? "",
    actor: run.metadata.annotations?.[annotationKeys.actor] ?? labels[labelKeys.actor] ?? "",
    ...(stopping ? { stopping } : {}),
    at: Date.parse(run.metadata.creationTimestamp ?? "") || Date.now(),
  };
}

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
    const phase = `${phaseIcons[row.phase] ?? escapeMarkdown(row.phase)}${shutdown}${pruned}`;
    lines.push(
      `| ${code(row.name, "table")} | ${escapeMarkdown(row.template)} | ${phase} | ${escapeMarkdown(row.progress ?? "")} | ${escapeMarkdown(row.commit.slice(0, 7))} | ${escapeMarkdown(row.actor)} |`,
    );
  }
  if (rows.length > maxRows) lines.push("", `… and ${rows.length - maxRows} older runs`);
  return lines.join("\n");
}
