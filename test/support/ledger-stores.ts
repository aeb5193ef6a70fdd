// The run ledger's two stores for a suite that runs against both: a fresh SQLite file and a
// fresh PostgreSQL database per call, on a throwaway server started once for the file.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { startPostgres, type TestPostgres } from "./postgres.ts";

/** [store name, a new ledger's location (a file path or a postgres:// URL)] */
export type LedgerStore = [string, () => Promise<string>];

export function bothLedgerStores(): LedgerStore[] {
  let postgres: TestPostgres | undefined;
  let dir = "";
  let files = 0;
  beforeAll(async () => {
    postgres = await startPostgres();
    dir = await mkdtemp(join(tmpdir(), "coxswain-ledger-"));
  }, 60_000);
  afterAll(async () => {
    await postgres?.stop();
    await rm(dir, { recursive: true, force: true });
  });
  return [
    ["SQLite", async () => join(dir, `ledger-${++files}.db`)],
    [
      "PostgreSQL",
      () => {
        if (!postgres) throw new Error("PostgreSQL has not started");
        return postgres.database();
      },
    ],
  ];
}
