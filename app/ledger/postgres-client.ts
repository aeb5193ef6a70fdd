// The shared store for several replicas: PostgreSQL, through node-postgres (pure JavaScript).
import pg from "pg";
import type { Row, SqlClient, SqlValue } from "./sql-client.ts";

export function postgresClient(connectionString: string): SqlClient {
  const pool = new pg.Pool({ connectionString, max: 5 });
  // Numbers come back as numbers (epoch milliseconds are BIGINT, which pg returns as text).
  const parse = (rows: Row[]) =>
    rows.map((row) =>
      Object.fromEntries(
        Object.entries(row).map(([key, value]) => [
          key,
          typeof value === "string" && bigintColumns.has(key) ? Number(value) : value,
        ]),
      ),
    );
  let inTransaction: pg.PoolClient | undefined;
  return {
    dialect: "postgres",
    async exec(sql) {
      await (inTransaction ?? pool).query(sql);
    },
    async query(sql, params: readonly SqlValue[] = []) {
      const result = await (inTransaction ?? pool).query(sql, params as SqlValue[]);
      return parse(result.rows as Row[]);
    },
    // Used by the migrations only, which run alone at start-up.
    async transaction(work) {
      const client = await pool.connect();
      inTransaction = client;
      try {
        await client.query("BEGIN");
        const result = await work();
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      } finally {
        inTransaction = undefined;
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}

const bigintColumns = new Set(["started_at", "finished_at", "recorded_at", "pr", "version"]);
