// A run's record as a row of the `runs` table, both ways: the columns, the values written, and
// the record read back.
import type { StepTiming } from "../runs/step-timeline.ts";
import type { RunRecord } from "./run-record.ts";
import type { Row, SqlValue } from "./sql-client.ts";

export const columns =
  "uid, namespace, name, repo, template, commit_sha, pr, trigger_name, actor, parameters, phase, started_at, finished_at, failed_step, failed_message, log_excerpt, outputs, recorded_at, timeline";

/** The values of `columns`, in order. */
export function rowValues(run: RunRecord): SqlValue[] {
  return [
    run.uid,
    run.namespace,
    run.name,
    run.repo,
    run.template,
    run.commit,
    run.pr ?? null,
    run.trigger,
    run.actor,
    JSON.stringify(run.parameters),
    run.phase,
    run.startedAt ?? null,
    run.finishedAt ?? null,
    run.failedStep ?? null,
    run.failedMessage ?? null,
    run.logExcerpt ?? null,
    JSON.stringify(run.outputs),
    run.recordedAt,
    run.timeline ? JSON.stringify(run.timeline) : null,
  ];
}

export function fromRow(row: Row): RunRecord {
  const text = (key: string) => (row[key] === null ? undefined : String(row[key]));
  const number = (key: string) => (row[key] === null ? undefined : Number(row[key]));
  const record: RunRecord = {
    uid: String(row.uid),
    namespace: String(row.namespace),
    name: String(row.name),
    repo: String(row.repo),
    template: String(row.template),
    commit: String(row.commit_sha),
    pr: number("pr"),
    trigger: String(row.trigger_name),
    actor: String(row.actor),
    parameters: JSON.parse(String(row.parameters)) as Record<string, string>,
    phase: String(row.phase),
    startedAt: number("started_at"),
    finishedAt: number("finished_at"),
    failedStep: text("failed_step"),
    failedMessage: text("failed_message"),
    logExcerpt: text("log_excerpt"),
    outputs: JSON.parse(String(row.outputs)) as Record<string, string>,
    recordedAt: Number(row.recorded_at),
  };
  // Records written before timelines were kept have none: no key rather than an undefined one.
  if (row.timeline !== null && row.timeline !== undefined)
    record.timeline = JSON.parse(String(row.timeline)) as StepTiming[];
  return record;
}
