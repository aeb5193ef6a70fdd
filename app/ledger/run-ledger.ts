// The run ledger: one record per run, written when it ends (written again harmlessly), read
// for a pull request's runs, a run by name, and the baseline a PR run is compared with. Every
// read is scoped to a namespace: a repository's records are the ones written in its own.
import type { RunRecord } from "./run-record.ts";
import type { Row, SqlClient } from "./sql-client.ts";

export interface RunLedger {
  /** Inserts the run's record, or updates it (a retried run ends again): one per run. */
  record(run: RunRecord): Promise<void>;
  /** A pull request's runs, newest first. */
  ofPullRequest(namespace: string, repo: string, pr: number, limit?: number): Promise<RunRecord[]>;
  /** A repository's runs, newest first. */
  ofRepository(namespace: string, repo: string, limit?: number): Promise<RunRecord[]>;
  byName(namespace: string, name: string): Promise<RunRecord | undefined>;
  /** The last Succeeded run of a template outside any pull request (the default branch's). */
  baseline(namespace: string, repo: string, template: string): Promise<RunRecord | undefined>;
  /** Deletes records that ended before `before` (epoch ms); returns how many. */
  forgetBefore(before: number): Promise<number>;
  close(): Promise<void>;
}

const columns =
  "uid, namespace, name, repo, template, commit_sha, pr, trigger_name, actor, parameters, phase, started_at, finished_at, failed_step, failed_message, log_excerpt, outputs, recorded_at";

export function sqlLedger(sql: SqlClient): RunLedger {
  const select = async (where: string, params: (string | number)[], limit: number) =>
    (
      await sql.query(
        `SELECT ${columns} FROM runs WHERE ${where} ORDER BY recorded_at DESC, name DESC LIMIT ${Math.floor(limit)}`,
        params,
      )
    ).map(fromRow);
  return {
    async record(run) {
      await sql.query(
        `INSERT INTO runs (${columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
         ON CONFLICT (uid) DO UPDATE SET phase = excluded.phase, started_at = excluded.started_at,
           finished_at = excluded.finished_at, failed_step = excluded.failed_step,
           failed_message = excluded.failed_message, log_excerpt = excluded.log_excerpt,
           outputs = excluded.outputs`,
        [
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
        ],
      );
    },
    ofPullRequest: (namespace, repo, pr, limit = 50) =>
      select("namespace = $1 AND repo = $2 AND pr = $3", [namespace, repo, pr], limit),
    ofRepository: (namespace, repo, limit = 50) =>
      select("namespace = $1 AND repo = $2", [namespace, repo], limit),
    async byName(namespace, name) {
      const [found] = await select("namespace = $1 AND name = $2", [namespace, name], 1);
      return found;
    },
    async baseline(namespace, repo, template) {
      const rows = await sql.query(
        `SELECT ${columns} FROM runs WHERE namespace = $1 AND repo = $2 AND template = $3 AND phase = 'Succeeded' AND pr IS NULL
         ORDER BY finished_at DESC LIMIT 1`,
        [namespace, repo, template],
      );
      return rows[0] ? fromRow(rows[0]) : undefined;
    },
    async forgetBefore(before) {
      const [counted] = await sql.query(
        "SELECT COUNT(*) AS n FROM runs WHERE finished_at IS NOT NULL AND finished_at < $1",
        [before],
      );
      await sql.query("DELETE FROM runs WHERE finished_at IS NOT NULL AND finished_at < $1", [
        before,
      ]);
      return Number(counted?.n ?? 0);
    },
    close: () => sql.close(),
  };
}

function fromRow(row: Row): RunRecord {
  const text = (key: string) => (row[key] === null ? undefined : String(row[key]));
  const number = (key: string) => (row[key] === null ? undefined : Number(row[key]));
  return {
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
}
