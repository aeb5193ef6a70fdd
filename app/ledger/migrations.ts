// The ledger's schema, as numbered migrations applied in order, each once, in one transaction.
// The same statements for SQLite and PostgreSQL.
import type { SqlClient } from "./sql-client.ts";

export const migrations: ReadonlyArray<{ version: number; statements: string[] }> = [
  {
    version: 1,
    statements: [
      `CREATE TABLE runs (
        uid TEXT PRIMARY KEY,
        namespace TEXT NOT NULL,
        name TEXT NOT NULL,
        repo TEXT NOT NULL,
        template TEXT NOT NULL,
        commit_sha TEXT NOT NULL,
        pr BIGINT,
        trigger_name TEXT NOT NULL,
        actor TEXT NOT NULL,
        parameters TEXT NOT NULL,
        phase TEXT NOT NULL,
        started_at BIGINT,
        finished_at BIGINT,
        failed_step TEXT,
        failed_message TEXT,
        log_excerpt TEXT,
        outputs TEXT NOT NULL,
        recorded_at BIGINT NOT NULL
      )`,
      "CREATE INDEX runs_by_pull_request ON runs (repo, pr, recorded_at)",
      "CREATE INDEX runs_by_template ON runs (repo, template, phase, finished_at)",
      "CREATE INDEX runs_by_name ON runs (namespace, name)",
    ],
  },
  {
    // Reads are scoped to the repository's namespace: the indexes lead with it.
    version: 2,
    statements: [
      "DROP INDEX runs_by_pull_request",
      "DROP INDEX runs_by_template",
      "CREATE INDEX runs_by_pull_request ON runs (namespace, repo, pr, recorded_at)",
      "CREATE INDEX runs_by_template ON runs (namespace, repo, template, phase, finished_at)",
    ],
  },
  {
    // The run-history page: a run's step timeline, and keyset paging newest first in
    // (recorded_at, uid) order, through an index that has that order so no page is sorted: a
    // repository's runs, a template's, and (rebuilt with uid last) a pull request's. The
    // template index for the baseline and the metric history gets uid last too, and by_name
    // stays for a run by name: the version-2 indexes are replaced, none is left redundant.
    version: 3,
    statements: [
      "ALTER TABLE runs ADD COLUMN timeline TEXT",
      "CREATE INDEX runs_by_repository_recorded ON runs (namespace, repo, recorded_at, uid)",
      "CREATE INDEX runs_by_template_recorded ON runs (namespace, repo, template, recorded_at, uid)",
      "DROP INDEX runs_by_pull_request",
      "CREATE INDEX runs_by_pull_request ON runs (namespace, repo, pr, recorded_at, uid)",
      "DROP INDEX runs_by_template",
      "CREATE INDEX runs_by_template ON runs (namespace, repo, template, phase, finished_at, uid)",
    ],
  },
];

/** Any fixed number: PostgreSQL's advisory lock that serialises replicas migrating at once. */
const migrationLock = 7_271_001;

/** Applies the migrations not yet applied, up to `through` (all of them but in tests). */
export async function migrate(sql: SqlClient, through = Number.POSITIVE_INFINITY): Promise<number> {
  let applied = 0;
  await sql.transaction(async () => {
    // Replicas starting together on one PostgreSQL database take turns; SQLite has one writer.
    if (sql.dialect === "postgres")
      await sql.query(`SELECT pg_advisory_xact_lock(${migrationLock})`);
    await sql.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)",
    );
    const done = new Set(
      (await sql.query("SELECT version FROM schema_migrations")).map((row) => Number(row.version)),
    );
    for (const migration of migrations) {
      if (done.has(migration.version) || migration.version > through) continue;
      for (const statement of migration.statements) await sql.exec(statement);
      await sql.query("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)", [
        migration.version,
        Date.now(),
      ]);
      applied++;
    }
  });
  return applied;
}
