// The run ledger's reads for the run-history page (pages of runs, a repository's pipelines, a
// template's metric trend) and the schema they need, against both stores like run-ledger.test.ts.
import { DatabaseSync } from "node:sqlite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { migrate } from "../../app/ledger/migrations.ts";
import { openLedger } from "../../app/ledger/open-ledger.ts";
import { postgresClient } from "../../app/ledger/postgres-client.ts";
import {
  type RunLedger,
  type RunsPage,
  type RunsQuery,
  sqlLedger,
} from "../../app/ledger/run-ledger.ts";
import type { RunRecord } from "../../app/ledger/run-record.ts";
import { columns, rowValues } from "../../app/ledger/run-rows.ts";
import type { SqlClient } from "../../app/ledger/sql-client.ts";
import { sqliteClient } from "../../app/ledger/sqlite-client.ts";
import type { StepTiming } from "../../app/runs/step-timeline.ts";
import { bothLedgerStores } from "../support/ledger-stores.ts";
import { runRecord } from "../support/run-records.ts";

const stores = bothLedgerStores();

const client = (url: string): SqlClient =>
  url.startsWith("postgres") ? postgresClient(url) : sqliteClient(url);

const pad = (i: number) => String(i).padStart(3, "0");
const names = (page: RunsPage) => page.records.map((r) => r.name);
/** Newest first, as the ledger orders them (uids here compare alike in every collation). */
const newestFirst = (records: RunRecord[]) =>
  [...records]
    .sort((a, b) => b.recordedAt - a.recordedAt || (a.uid < b.uid ? 1 : a.uid > b.uid ? -1 : 0))
    .map((r) => r.name);
const repository = { namespace: "ml", repo: "acme/pipelines" };

describe.each(stores)("the run history on %s", (store, location) => {
  let ledger: RunLedger;
  let url: string;

  beforeEach(async () => {
    url = await location();
    ledger = await openLedger(url);
  });
  afterEach(() => ledger.close());

  async function recordAll(records: RunRecord[]) {
    for (const r of records) await ledger.record(r);
  }

  /** Every page from the newest, following `older` until it is absent. */
  async function pagesOlder(query: RunsQuery): Promise<RunsPage[]> {
    const pages = [await ledger.runsPage(query)];
    for (let cursor = pages[0]?.older; cursor; cursor = pages.at(-1)?.older) {
      if (pages.length > 1000) throw new Error("paging does not stop");
      pages.push(await ledger.runsPage({ ...query, cursor }));
    }
    return pages;
  }

  describe("a page of runs", () => {
    // 300 runs, four to each recorded_at (ties split across pages), written out of order.
    const many = Array.from({ length: 300 }, (_, i) =>
      runRecord(`run-${pad(i)}`, { recordedAt: 1_000 + Math.floor(i / 4) }),
    );
    const shuffled = many.map((_, i) => many[(i * 37) % many.length] as RunRecord);

    it("pages older through a few hundred records newest first, each once, then stops", async () => {
      await recordAll(shuffled);
      const pages = await pagesOlder({ ...repository, limit: 7 });
      expect(pages).toHaveLength(Math.ceil(300 / 7));
      expect(pages.flatMap(names)).toEqual(newestFirst(many));
      expect(pages[0]?.newer).toBeUndefined();
      expect(pages.at(-1)?.older).toBeUndefined();
      expect(pages.at(-1)?.records).toHaveLength(300 % 7);
      expect(pages.slice(0, -1).every((page) => page.records.length === 7)).toBe(true);
    });

    it("pages back with `newer` to exactly the previous page, up to the newest", async () => {
      await recordAll(shuffled);
      const pages = await pagesOlder({ ...repository, limit: 9 });
      for (let i = pages.length - 1; i > 0; i--) {
        const cursor = pages[i]?.newer;
        expect(cursor?.direction).toBe("newer");
        expect(await ledger.runsPage({ ...repository, limit: 9, cursor })).toEqual(pages[i - 1]);
      }
    });

    it("splits runs recorded at the same moment across pages by uid, both ways", async () => {
      await recordAll(["c", "a", "e", "b", "d"].map((n) => runRecord(n, { recordedAt: 5_000 })));
      const pages = await pagesOlder({ ...repository, limit: 2 });
      expect(pages.map(names)).toEqual([["e", "d"], ["c", "b"], ["a"]]);
      expect(pages[1]?.older).toEqual({ recordedAt: 5_000, uid: "uid-b", direction: "older" });
      const back = await ledger.runsPage({ ...repository, limit: 2, cursor: pages[2]?.newer });
      expect(names(back)).toEqual(["c", "b"]);
      expect(back.newer).toEqual({ recordedAt: 5_000, uid: "uid-c", direction: "newer" });
    });

    it("says nothing is older or newer when a page holds everything, or nothing", async () => {
      expect(await ledger.runsPage({ ...repository, limit: 5 })).toEqual({ records: [] });
      await recordAll([runRecord("only")]);
      const page = await ledger.runsPage({ ...repository, limit: 5 });
      expect(page).toEqual({ records: [runRecord("only")] });
      // A cursor from a URL may point past every record: an empty page, and the way back.
      const past = { recordedAt: 1, uid: "uid-zzz", direction: "older" } as const;
      expect(await ledger.runsPage({ ...repository, limit: 5, cursor: past })).toEqual({
        records: [],
        newer: { recordedAt: 1, uid: "uid-zzz", direction: "newer" },
      });
    });

    // 24 runs: two templates × PR 7, PR 8 or the default branch × two phases × two of each,
    // recorded 10 ms apart; the same runs in another namespace and another repository.
    const mixed: RunRecord[] = [];
    for (const template of ["train", "eval"])
      for (const pr of [7, 8, undefined])
        for (const phase of ["Succeeded", "Failed"])
          for (const _ of [1, 2])
            mixed.push(
              runRecord(`m-${pad(mixed.length)}`, {
                template,
                pr,
                phase,
                trigger: pr ? "comment" : "merge",
                recordedAt: 10_000 + mixed.length * 10,
              }),
            );
    const planted = mixed.flatMap((r) => [
      { ...r, uid: `${r.uid}-ns`, name: `${r.name}-ns`, namespace: "ml-other" },
      { ...r, uid: `${r.uid}-repo`, name: `${r.name}-repo`, repo: "acme/other" },
    ]);

    it("narrows by each filter and by filters combined, only ever in its own repository", async () => {
      await recordAll([...mixed, ...planted]);
      const cases: Array<[Partial<RunsQuery>, (r: RunRecord) => boolean]> = [
        [{}, () => true],
        [{ template: "eval" }, (r) => r.template === "eval"],
        [{ pr: 8 }, (r) => r.pr === 8],
        [{ branch: "default" }, (r) => r.pr === undefined],
        [{ branch: "pull-requests" }, (r) => r.pr !== undefined],
        [{ phase: "Failed" }, (r) => r.phase === "Failed"],
        // `from` is inclusive, `to` exclusive: 10,050 is in, 10,150 is out.
        [{ from: 10_050, to: 10_150 }, (r) => r.recordedAt >= 10_050 && r.recordedAt < 10_150],
        [{ from: 10_200 }, (r) => r.recordedAt >= 10_200],
        [{ to: 10_030 }, (r) => r.recordedAt < 10_030],
        [
          { template: "train", branch: "pull-requests", phase: "Succeeded", from: 10_020 },
          (r) =>
            r.template === "train" &&
            r.pr !== undefined &&
            r.phase === "Succeeded" &&
            r.recordedAt >= 10_020,
        ],
        [
          { template: "eval", pr: 7, phase: "Failed" },
          (r) => r.template === "eval" && r.pr === 7 && r.phase === "Failed",
        ],
        [{ pr: 7, branch: "default" }, () => false],
        [{ template: "sweep" }, () => false],
      ];
      for (const [filter, keeps] of cases) {
        const page = await ledger.runsPage({ ...repository, ...filter, limit: 200 });
        expect(names(page), JSON.stringify(filter)).toEqual(newestFirst(mixed.filter(keeps)));
        expect(page.older ?? page.newer, JSON.stringify(filter)).toBeUndefined();
      }
      const elsewhere = await ledger.runsPage({
        namespace: "ml-other",
        repo: "acme/other",
        limit: 200,
      });
      expect(elsewhere.records).toEqual([]);
    });

    it("pages through filtered runs with the filters applied to every page and cursor", async () => {
      await recordAll([...mixed, ...planted]);
      const query = { ...repository, template: "eval", branch: "pull-requests", limit: 3 } as const;
      const pages = await pagesOlder(query);
      expect(pages.map(names)).toEqual([
        ["m-019", "m-018", "m-017"],
        ["m-016", "m-015", "m-014"],
        ["m-013", "m-012"],
      ]);
      // Newer runs the filters leave out (eval's on the default branch, m-020…) make no link.
      expect(pages[0]?.newer).toBeUndefined();
      const back = await ledger.runsPage({ ...query, cursor: pages[1]?.newer });
      expect(back).toEqual(pages[0]);
    });

    it("clamps the page size to 1..200 and rejects a pull request number that is not one", async () => {
      await recordAll(many.slice(0, 205));
      expect((await ledger.runsPage({ ...repository, limit: 0 })).records).toHaveLength(1);
      expect((await ledger.runsPage({ ...repository, limit: 10_000 })).records).toHaveLength(200);
      expect((await ledger.runsPage({ ...repository, limit: 2.9 })).records).toHaveLength(2);
      await expect(ledger.runsPage({ ...repository, limit: Number.NaN })).rejects.toThrow(
        "a limit must be a number of records, not NaN",
      );
      for (const pr of [-1, 0, 1.5])
        await expect(ledger.runsPage({ ...repository, pr, limit: 10 })).rejects.toThrow(
          `pr must be a pull request's number (a positive integer), not ${pr}`,
        );
      await expect(ledger.runsPage({ ...repository, from: Number.NaN, limit: 10 })).rejects.toThrow(
        "from must be a time in epoch milliseconds, not NaN",
      );
      await expect(
        ledger.runsPage({
          ...repository,
          limit: 10,
          cursor: { recordedAt: 1, uid: "x", direction: "sideways" as "older" },
        }),
      ).rejects.toThrow(`a cursor's direction must be "older" or "newer", not sideways`);
    });

    // Only SQLite says how it reads; PostgreSQL's planner picks by table size and statistics.
    it.runIf(store === "SQLite")(
      "reads a template's page, either way, through its index and sorts nothing",
      async () => {
        await recordAll(many.slice(0, 50));
        const db = new DatabaseSync(url);
        const plans: string[] = [];
        const spy = client(url);
        const reading = sqlLedger({
          ...spy,
          async query(sql, params = []) {
            if (/^\s*SELECT/.test(sql))
              plans.push(
                (
                  db
                    .prepare(`EXPLAIN QUERY PLAN ${sql.replace(/\$(\d+)/g, "?$1")}`)
                    .all(...params) as Array<{ detail: string }>
                )
                  .map((row) => row.detail)
                  .join("\n"),
              );
            return spy.query(sql, params);
          },
        });
        const cursor = { recordedAt: 1_005, uid: "uid-run-020" };
        for (const direction of ["older", "newer"] as const)
          await reading.runsPage({
            ...repository,
            template: "train",
            limit: 10,
            cursor: { ...cursor, direction },
          });
        // Each direction: the page and the probe of the other side (which reads the index only).
        expect(plans).toHaveLength(4);
        for (const plan of plans) {
          expect(plan).toMatch(
            /^SEARCH runs USING (COVERING )?INDEX runs_by_template_recorded \(namespace=\? AND repo=\? AND template=\? AND \(recorded_at,uid\)[<>]\(\?,\?\)\)$/,
          );
          expect(plan).not.toContain("TEMP B-TREE");
        }
        await reading.close();
        db.close();
      },
    );
  });

  describe("a run's timeline", () => {
    const timeline: StepTiming[] = [
      {
        step: "prepare",
        phase: "Succeeded",
        startedAt: 1_000,
        runningAt: 1_400,
        finishedAt: 2_000,
      },
      { step: "train", phase: "Running", startedAt: 2_100 },
    ];

    it("is kept with the record and read back as written", async () => {
      await ledger.record(runRecord("timed", { timeline }));
      expect((await ledger.byName("ml", "timed"))?.timeline).toEqual(timeline);
      const [paged] = (await ledger.runsPage({ ...repository, limit: 1 })).records;
      expect(paged).toEqual(runRecord("timed", { timeline }));
    });

    it("survives a later write that has none, and a later one replaces it", async () => {
      await ledger.record(runRecord("timed", { phase: "Running", timeline }));
      await ledger.record(runRecord("timed", { phase: "Failed" }));
      expect(await ledger.byName("ml", "timed")).toEqual(
        runRecord("timed", { phase: "Failed", timeline }),
      );
      const finished = timeline.map((step) => ({ ...step, finishedAt: 3_000 }));
      await ledger.record(runRecord("timed", { phase: "Failed", timeline: finished }));
      expect((await ledger.byName("ml", "timed"))?.timeline).toEqual(finished);
    });

    it("is no key at all on a record written without one", async () => {
      await ledger.record(runRecord("untimed"));
      const found = await ledger.byName("ml", "untimed");
      expect(found && Object.hasOwn(found, "timeline")).toBe(false);
    });
  });

  it("upgrades a version-2 database to version 3 and keeps its records", async () => {
    await ledger.close();
    const fresh = await location();
    const old = client(fresh);
    expect(await migrate(old, 2)).toBe(2);
    // A record as version 2 wrote it: every column but the timeline.
    const before = runRecord("from-v2", { recordedAt: 4_000 });
    await old.query(
      `INSERT INTO runs (${columns.replace(", timeline", "")}) VALUES (${rowValues(before)
        .slice(0, -1)
        .map((_, i) => `$${i + 1}`)
        .join(", ")})`,
      rowValues(before).slice(0, -1),
    );
    await old.close();

    ledger = await openLedger(fresh);
    expect(await ledger.byName("ml", "from-v2")).toEqual(before);
    expect(await ledger.runsPage({ ...repository, template: "train", limit: 5 })).toEqual({
      records: [before],
    });
    const timeline = [{ step: "train", phase: "Succeeded", startedAt: 1, finishedAt: 2 }];
    await ledger.record({ ...before, timeline });
    expect((await ledger.byName("ml", "from-v2"))?.timeline).toEqual(timeline);
    const check = client(fresh);
    const versions = await check.query("SELECT version FROM schema_migrations ORDER BY version");
    expect(versions.map((row) => Number(row.version))).toEqual([1, 2, 3]);
    await check.close();
  });

  describe("a repository's pipelines", () => {
    it("lists each template with records by name, with its count and newest run's phase", async () => {
      await recordAll([
        runRecord("train-1", { recordedAt: 1_000, phase: "Succeeded" }),
        runRecord("train-2", { recordedAt: 3_000, phase: "Failed", pr: undefined }),
        runRecord("train-3", { recordedAt: 2_000, phase: "Succeeded" }),
        runRecord("eval-1", { template: "eval", recordedAt: 500, phase: "Error" }),
        runRecord("sweep-1", { template: "sweep", recordedAt: 4_000, phase: "Succeeded" }),
        runRecord("sweep-2", { template: "sweep", recordedAt: 4_000, phase: "Running" }),
        // Another namespace's and another repository's do not count.
        runRecord("planted-ns", { namespace: "ml-other", recordedAt: 9_000 }),
        runRecord("planted-repo", { repo: "acme/other", template: "deploy" }),
      ]);
      expect(await ledger.pipelinesOf("ml", "acme/pipelines")).toEqual([
        { template: "eval", runs: 1, lastRecordedAt: 500, lastPhase: "Error" },
        { template: "sweep", runs: 2, lastRecordedAt: 4_000, lastPhase: "Running" },
        { template: "train", runs: 3, lastRecordedAt: 3_000, lastPhase: "Failed" },
      ]);
      expect(await ledger.pipelinesOf("ml", "acme/none")).toEqual([]);
    });
  });

  describe("a template's metric history", () => {
    it("is its last finished Succeeded runs, any branch, oldest first by finished_at", async () => {
      await recordAll([
        runRecord("pr-late", { finishedAt: 5_000, recordedAt: 1_000 }),
        runRecord("main-early", { pr: undefined, finishedAt: 1_000, recordedAt: 9_000 }),
        runRecord("main-mid", { pr: undefined, finishedAt: 3_000, recordedAt: 2_000 }),
        runRecord("pr-mid", { finishedAt: 4_000, recordedAt: 3_000 }),
        runRecord("failed", { phase: "Failed", finishedAt: 4_500 }),
        runRecord("unfinished", { finishedAt: undefined }),
        runRecord("other-template", { template: "eval", finishedAt: 4_200 }),
        runRecord("planted", { namespace: "ml-other", finishedAt: 4_300 }),
      ]);
      const history = (limit: number) =>
        ledger.metricHistory("ml", "acme/pipelines", "train", limit);
      expect((await history(10)).map((r) => r.name)).toEqual([
        "main-early",
        "main-mid",
        "pr-mid",
        "pr-late",
      ]);
      expect((await history(2)).map((r) => r.name)).toEqual(["pr-mid", "pr-late"]);
      // The limit is clamped to 1..1000.
      expect((await history(0)).map((r) => r.name)).toEqual(["pr-late"]);
      expect(await history(10_000)).toHaveLength(4);
      expect((await history(10))[0]?.outputs).toEqual({ accuracy: "0.91" });
    });
  });
});
