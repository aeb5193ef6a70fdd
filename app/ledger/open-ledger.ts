// The ledger chosen by one setting: a PostgreSQL URL (several replicas share it) or a SQLite
// file path (the embedded default). The schema is brought up to date before use.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { migrate } from "./migrations.ts";
import { postgresClient } from "./postgres-client.ts";
import { type RunLedger, sqlLedger } from "./run-ledger.ts";
import { sqliteClient } from "./sqlite-client.ts";

export async function openLedger(location: string): Promise<RunLedger> {
  const postgres = /^postgres(ql)?:\/\//.test(location);
  if (!postgres && location !== ":memory:") mkdirSync(dirname(location), { recursive: true });
  const sql = postgres ? postgresClient(location) : sqliteClient(location);
  await migrate(sql);
  return sqlLedger(sql);
}
