// The run ledger: one record per run, written when it ends (written again harmlessly), read
// for a pull request's runs, a run by name, the baseline a PR run is compared with, and the
// run-history page (pages of runs, a repository's pipelines, a template's metric trend). Every
// read is scoped to a namespace: a repository's records are the ones written in its own.
import type { RunRecord } from "./run-record.ts";
import { columns, fromRow, rowValues } from "./run-rows.ts";
import { clampedLimit, type RunsPage, type RunsQuery, runsPage } from "./runs-page.ts";
import type { SqlClient } from "./sql-client.ts";

export type { RunsCursor, RunsPage, RunsQuery } from "./runs-page.ts";

/** A template that has records, for the repository's list of pipelines. */
export interface PipelineSummary {
  template: string;
  runs: number;
  /** The newest record's recorded_at (epoch ms) and phase. */
  lastRecordedAt: number;
  lastPhase: string;
}

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
  /** A page of the repository's runs, newest first, filtered; `older`/`newer` page on. */
  runsPage(query: RunsQuery): Promise<RunsPage>;
  /** The templates that have records, by name. */
  pipelinesOf(namespace: string, repo: string): Promise<PipelineSummary[]>;
  /** A template's last `limit` (1..1000) finished Succeeded runs, any branch, oldest first. */
  metricHistory(
    namespace: string,
    repo: string,
    template: string,
    limit: number,
  ): Promise<RunRecord[]>;
  close(): Promise<void>;
}

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
        `INSERT INTO runs (${columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
         ON CONFLICT (uid) DO UPDATE SET phase = excluded.phase, started_at = excluded.started_at,
           finished_at = excluded.finished_at, failed_step = excluded.failed_step,
           failed_message = excluded.failed_message, log_excerpt = excluded.log_excerpt,
           outputs = excluded.outputs, timeline = COALESCE(excluded.timeline, runs.timeline)`,
        rowValues(run),
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
    runsPage: (query) => runsPage(sql, query),
    async pipelinesOf(namespace, repo) {
      const rows = await sql.query(
        `SELECT template, COUNT(*) AS runs, MAX(recorded_at) AS last_recorded_at,
           (SELECT latest.phase FROM runs AS latest
            WHERE latest.namespace = $1 AND latest.repo = $2 AND latest.template = runs.template
            ORDER BY latest.recorded_at DESC, latest.uid DESC LIMIT 1) AS last_phase
         FROM runs WHERE namespace = $1 AND repo = $2 GROUP BY template`,
        [namespace, repo],
      );
      return (
        rows
          .map((row) => ({
            template: String(row.template),
            runs: Number(row.runs),
            lastRecordedAt: Number(row.last_recorded_at),
            lastPhase: String(row.last_phase),
          }))
          // Sorted here, by code point: the same order from SQLite and from PostgreSQL's locale.
          .sort((a, b) => (a.template < b.template ? -1 : a.template > b.template ? 1 : 0))
      );
    },
    async metricHistory(namespace, repo, template, limit) {
      const rows = await sql.query(
        `SELECT ${columns} FROM runs WHERE namespace = $1 AND repo = $2 AND template = $3
           AND phase = 'Succeeded' AND finished_at IS NOT NULL
         ORDER BY finished_at DESC, uid DESC LIMIT $4`,
        [namespace, repo, template, clampedLimit(limit, 1000)],
      );
      return rows.map(fromRow).reverse();
    },
    close: () => sql.close(),
  };
}
