// The embedded store: Node 24's built-in SQLite, a file on a volume (no server to run).
import { DatabaseSync } from "node:sqlite";
import type { Row, SqlClient, SqlValue } from "./sql-client.ts";

export function sqliteClient(path: string): SqlClient {
  const db = new DatabaseSync(path);
  db.exec("PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000;");
  const statements = new Map<string, ReturnType<DatabaseSync["prepare"]>>();
  const prepared = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql.replace(/\$(\d+)/g, "?$1"));
      statements.set(sql, statement);
    }
    return statement;
  };
  return {
    dialect: "sqlite",
    async exec(sql) {
      db.exec(sql);
    },
    async query(sql, params: readonly SqlValue[] = []) {
      const statement = prepared(sql);
      if (/^\s*(select|with)\b/i.test(sql)) return statement.all(...params) as Row[];
      statement.run(...params);
      return [];
    },
    async transaction(work) {
      db.exec("BEGIN");
      try {
        const result = await work();
        db.exec("COMMIT");
        return result;
      } catch (error) {
        db.exec("ROLLBACK");
        throw error;
      }
    },
    async close() {
      db.close();
    },
  };
}
