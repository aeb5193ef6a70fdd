// One row per run for the run lists (/status on a pull request, /coxswain status in Slack): a
// run still in the cluster, or one known only from its ledger record (pruned).
import type { ArgoObject } from "../cluster/argo-kinds.ts";
import { annotationKeys, labelKeys } from "../cluster/labels.ts";
import type { RunRecord } from "../ledger/run-record.ts";
import { duration } from "./durations.ts";

export interface RunRow {
  name: string;
  template: string;
  phase: string;
  progress?: string;
  commit: string;
  trigger: string;
  actor: string;
  /** How long it ran (empty while it has not started). */
  took: string;
  /** Stop or Terminate asked and not yet done. */
  stopping?: string;
  /** Pruned from the cluster: only its record is left. */
  pruned?: boolean;
  /** For the order, newest first (epoch ms). */
  at: number;
}

export function rowOfWorkflow(run: ArgoObject): RunRow {
  const labels = run.metadata.labels ?? {};
  const annotations = run.metadata.annotations ?? {};
  const status = (run.status ?? {}) as {
    phase?: string;
    progress?: string;
    startedAt?: string;
    finishedAt?: string;
  };
  const stopping = (run.spec as { shutdown?: string } | undefined)?.shutdown;
  return {
    name: run.metadata.name,
    template: annotations[annotationKeys.template] ?? labels[labelKeys.template] ?? "",
    phase: status.phase || "Pending",
    ...(status.progress ? { progress: status.progress } : {}),
    commit: labels[labelKeys.commit] ?? "",
    trigger: labels[labelKeys.trigger] ?? "",
    actor: annotations[annotationKeys.actor] ?? labels[labelKeys.actor] ?? "",
    took: duration(status.startedAt, status.finishedAt),
    ...(stopping ? { stopping } : {}),
    at: Date.parse(run.metadata.creationTimestamp ?? "") || Date.now(),
  };
}

export function rowOfRecord(record: RunRecord): RunRow {
  const iso = (ms: number | undefined) => (ms ? new Date(ms).toISOString() : undefined);
  return {
    name: record.name,
    template: record.template,
    phase: record.phase,
    commit: record.commit,
    trigger: record.trigger,
    actor: record.actor,
    took: duration(iso(record.startedAt), iso(record.finishedAt)),
    pruned: true,
    at: record.startedAt ?? record.recordedAt,
  };
}
