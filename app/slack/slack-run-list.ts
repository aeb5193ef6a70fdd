// /coxswain status: a repository's newest runs for Slack, those in the cluster and, from the
// run ledger, the ones pruned since.
import { annotationKeys, labelKeys, managedSelector, repoLabel } from "../cluster/labels.ts";
import type { AppDeps } from "../github/app-deps.ts";
import { duration } from "../report/durations.ts";
import { iconOf } from "../report/phase-icons.ts";
import { slackEscape } from "../report/slack/slack-text.ts";
import { phaseOf } from "../runs/find-runs.ts";
import type { SlackRepository } from "./slack-repository.ts";

const listed = 10;

interface ListedRun {
  name: string;
  template: string;
  phase: string;
  took: string;
  trigger: string;
  actor: string;
  pruned: boolean;
  at: number;
}

/** The repository's newest runs: those in the cluster and, from the ledger, pruned ones. */
export async function slackRunList(
  repository: SlackRepository,
  deps: Pick<AppDeps, "cluster" | "ledger">,
): Promise<string> {
  const rows: ListedRun[] = [];
  for await (const run of deps.cluster.list("Workflow", repository.namespace, {
    labelSelector: `${managedSelector},${labelKeys.repo}=${repoLabel(repository.fullName)}`,
  })) {
    const labels = run.metadata.labels ?? {};
    const status = run.status as { startedAt?: string; finishedAt?: string } | undefined;
    rows.push({
      name: run.metadata.name,
      template:
        run.metadata.annotations?.[annotationKeys.template] ?? labels[labelKeys.template] ?? "",
      phase: phaseOf(run) || "Pending",
      took: duration(status?.startedAt, status?.finishedAt),
      trigger: labels[labelKeys.trigger] ?? "",
      actor: run.metadata.annotations?.[annotationKeys.actor] ?? "",
      pruned: false,
      at: Date.parse(run.metadata.creationTimestamp ?? "") || 0,
    });
  }
  const inCluster = new Set(rows.map((row) => row.name));
  const records = await deps.ledger?.ofRepository(
    repository.namespace,
    repository.fullName,
    listed,
  );
  for (const record of records ?? []) {
    if (inCluster.has(record.name)) continue;
    const iso = (ms: number | undefined) => (ms ? new Date(ms).toISOString() : undefined);
    rows.push({
      name: record.name,
      template: record.template,
      phase: record.phase,
      took: duration(iso(record.startedAt), iso(record.finishedAt)),
      trigger: record.trigger,
      actor: record.actor,
      pruned: true,
      at: record.startedAt ?? record.recordedAt,
    });
  }
  if (rows.length === 0) return `${repository.fullName} has no runs.`;
  rows.sort((a, b) => b.at - a.at);
  const lines = rows
    .slice(0, listed)
    .map(
      (row) =>
        `${iconOf(row.phase)} \`${slackEscape(row.name)}\` ${slackEscape(row.template)} · ${slackEscape(row.phase)}${row.took ? ` · ${row.took}` : ""} · ${slackEscape(row.trigger)} by ${slackEscape(row.actor)}${row.pruned ? " · pruned" : ""}`,
    );
  const more = rows.length > listed ? `\n…and ${rows.length - listed} older` : "";
  return `Runs of ${repository.fullName}, newest first:\n${lines.join("\n")}${more}`;
}
