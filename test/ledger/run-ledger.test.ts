// The same ledger suite against both stores: the embedded SQLite file and PostgreSQL.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openLedger } from "../../app/ledger/open-ledger.ts";
import type { RunLedger } from "../../app/ledger/run-ledger.ts";
import { bothLedgerStores } from "../support/ledger-stores.ts";
import { runRecord } from "../support/run-records.ts";

const stores = bothLedgerStores();

const record = runRecord;

describe.each(stores)("the run ledger on %s", (store, location) => {
  let ledger: RunLedger;
  let url: string;

  beforeEach(async () => {
    url = await location();
    ledger = await openLedger(url);
  });
  afterEach(() => ledger.close());

  it("keeps one record per run, however often it is written, with everything it was given", async () => {
    const failed = record("train-1", {
      phase: "Failed",
      failedStep: "evaluate",
      failedMessage: "Error (exit code 1)",
      logExcerpt: "ValueError: bad shape\n",
      outputs: {},
    });
    await ledger.record(record("train-1", { phase: "Running", finishedAt: undefined }));
    await ledger.record(failed);
    await ledger.record(failed);
    expect(await ledger.ofPullRequest("ml", "acme/pipelines", 7)).toEqual([failed]);
    expect(await ledger.byName("ml", "train-1")).toEqual(failed);
    expect(await ledger.byName("ml", "train-2")).toBeUndefined();
  });

  it("lists a pull request's runs newest first, and only its own", async () => {
    for (let i = 0; i < 5; i++)
      await ledger.record(record(`train-${i}`, { recordedAt: 1_000 + i }));
    await ledger.record(record("other-pr", { pr: 8 }));
    await ledger.record(record("other-repo", { repo: "acme/other" }));
    await ledger.record(record("other-namespace", { namespace: "ml-other", recordedAt: 9_000 }));
    const runs = await ledger.ofPullRequest("ml", "acme/pipelines", 7, 3);
    expect(runs.map((r) => r.name)).toEqual(["train-4", "train-3", "train-2"]);
  });

  it("finds the baseline: the same template's last Succeeded run outside pull requests", async () => {
    await ledger.record(record("main-old", { pr: undefined, trigger: "merge", finishedAt: 1_000 }));
    await ledger.record(record("main-new", { pr: undefined, trigger: "merge", finishedAt: 2_000 }));
    await ledger.record(
      record("main-failed", { pr: undefined, phase: "Failed", finishedAt: 3_000 }),
    );
    await ledger.record(record("pr-run", { finishedAt: 4_000 }));
    await ledger.record(
      record("other-template", { pr: undefined, template: "eval", finishedAt: 5_000 }),
    );
    // The same repository and template written in another namespace is not its baseline.
    await ledger.record(
      record("planted", { pr: undefined, namespace: "ml-other", finishedAt: 6_000 }),
    );
    expect((await ledger.baseline("ml", "acme/pipelines", "train"))?.name).toBe("main-new");
    expect(await ledger.baseline("ml", "acme/pipelines", "sweep")).toBeUndefined();
  });

  it("forgets records older than their retention and keeps the rest", async () => {
    await ledger.record(record("old", { finishedAt: 1_000 }));
    await ledger.record(record("new", { finishedAt: 5_000 }));
    await ledger.record(record("running", { finishedAt: undefined }));
    expect(await ledger.forgetBefore(2_000)).toBe(1);
    expect(
      (await ledger.ofPullRequest("ml", "acme/pipelines", 7)).map((r) => r.name).sort(),
    ).toEqual(["new", "running"]);
  });

  // Several replicas share only PostgreSQL; the embedded file belongs to one process.
  it.runIf(store === "PostgreSQL")(
    "lets two replicas starting together on a new database migrate it once",
    async () => {
      const fresh = await location();
      const [a, b] = await Promise.all([openLedger(fresh), openLedger(fresh)]);
      await a.record(record("from-a"));
      expect((await b.byName("ml", "from-a"))?.name).toBe("from-a");
      await a.close();
      await b.close();
    },
  );

  it("migrates once: a second start finds the schema up to date and the records there", async () => {
    await ledger.record(record("kept"));
    await ledger.close();
    ledger = await openLedger(url);
    expect((await ledger.byName("ml", "kept"))?.name).toBe("kept");
  });
});
