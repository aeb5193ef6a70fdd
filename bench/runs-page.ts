// The run history pages at 100,000 ledger records of one repository, on both stores: the real
// /runs handler on a loopback HTTP server, signed in, fetched one request at a time, every answer
// checked. Target (issue #15): a pipeline's runs page under 100 ms p99 on both stores.
import { deepStrictEqual } from "node:assert";
import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { parseServerPolicy } from "../app/config/server-policy.ts";
import { migrate } from "../app/ledger/migrations.ts";
import { postgresClient } from "../app/ledger/postgres-client.ts";
import { type RunLedger, sqlLedger } from "../app/ledger/run-ledger.ts";
import type { RunRecord } from "../app/ledger/run-record.ts";
import { columns, rowValues } from "../app/ledger/run-rows.ts";
import type { SqlClient } from "../app/ledger/sql-client.ts";
import { sqliteClient } from "../app/ledger/sqlite-client.ts";
import type { StepTiming } from "../app/runs/step-timeline.ts";
import type { CommandPorts } from "../app/use-cases/perform-command.ts";
import { runsSite } from "../app/web/runs-site.ts";
import { sealerFor } from "../app/web/sealed-cookie.ts";
import { newSession, sessionCookie } from "../app/web/session.ts";
import { startPostgres } from "../test/support/postgres.ts";
import { runRecord } from "../test/support/run-records.ts";

const total = 100_000;
const days = 183;
/** The pull requests the 30 % of runs outside the default branch belong to, a few open at once. */
const pullRequests = 300;
const firstPr = 1_200;
const templates: ReadonlyArray<readonly [string, number]> = [
  ["train", 0.85],
  ["evaluate", 0.08],
  ["sweep", 0.05],
  ["export-features", 0.02],
];
const steps: ReadonlyArray<readonly [string, number]> = [
  ["prepare", 20],
  ["fetch-data", 90],
  ["train", 1_500],
  ["evaluate", 200],
  ["publish", 30],
];
const batchSize = 50;
const warmUpRounds = 20;
const rounds = 200;
const deepPages = 50;
const target = 100;
const repoPage = "/runs/acme/pipelines";
const trainPage = `${repoPage}/pipelines/train`;

/** Numbers in [0, 1) from a seed (mulberry32): every run of the bench fills the same ledger. */
function randomFrom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

/** The end of a failed evaluation's log, ~2 KB, as the recorder keeps it. */
function logExcerpt(i: number): string {
  const lines: string[] = [];
  for (let batch = 0; lines.join("\n").length < 1_700; batch++)
    lines.push(
      `2026-05-01T10:${String(batch % 60).padStart(2, "0")}:00Z INFO evaluate batch ${batch}/${400 + (i % 50)}: loss=${(0.3 + batch / 1000).toFixed(4)} acc=${(0.85 - batch / 2000).toFixed(4)}`,
    );
  lines.push(
    "Traceback (most recent call last):",
    '  File "/app/evaluate.py", line 212, in <module>',
    "    main()",
    '  File "/app/evaluate.py", line 188, in main',
    "    scores = model.score(features, labels)",
    `ValueError: shapes (512, ${i % 997}) and (1024,) not aligned`,
  );
  return `${lines.join("\n")}\n`;
}

/** ~5 pod steps one after another from `startedAt`; a failed run stops at its failed step. */
function timelineOf(startedAt: number, failedStep: string | undefined, random: () => number) {
  const timeline: StepTiming[] = [];
  let at = startedAt;
  for (const [step, seconds] of steps) {
    const runningAt = Math.round(at + 2_000 + random() * 20_000);
    const finishedAt = Math.round(runningAt + seconds * 1_000 * (0.6 + random() * 0.8));
    const phase = step === failedStep ? "Failed" : "Succeeded";
    timeline.push({ step, phase, startedAt: at, runningAt, finishedAt });
    if (step === failedStep) break;
    at = finishedAt + 1_000;
  }
  return timeline;
}

/** The template whose share of [0, 1) holds `draw`. */
function templateFor(draw: number): string {
  let below = 0;
  for (const [template, share] of templates) {
    below += share;
    if (draw < below) return template;
  }
  return "train";
}

/** The i-th record, oldest first: 70 % default branch, 30 % pull requests, ~10 % failed. */
function recordAt(i: number, start: number, random: () => number): RunRecord {
  const spacing = (days * 86_400_000) / total;
  const template = templateFor(random());
  const pr =
    random() < 0.3
      ? firstPr + Math.floor((i * pullRequests) / total) + Math.floor(random() * 4)
      : undefined;
  const failed = random() < 0.1;
  const failedStep = failed ? "evaluate" : undefined;
  const recordedAt = Math.round(start + i * spacing + random() * spacing * 0.5);
  const timeline = timelineOf(recordedAt - 40 * 60_000, failedStep, random);
  const finishedAt = (timeline.at(-1)?.finishedAt ?? recordedAt) + 500;
  const accuracy = 0.82 + (i / total) * 0.06 + (random() - 0.5) * 0.02;
  const hash = sha1(`run ${i}`);
  return runRecord(`${template}-${i.toString(36).padStart(5, "0")}`, {
    uid: `${hash.slice(0, 8)}-${hash.slice(8, 12)}-${hash.slice(12, 16)}-${hash.slice(16, 20)}-${hash.slice(20, 32)}`,
    template,
    commit: sha1(pr === undefined ? `main ${Math.floor(i / 12)}` : `pr ${pr} ${i % 5}`),
    pr,
    trigger: pr === undefined ? (i % 20 === 0 ? "cron" : "merge") : "comment",
    actor: ["octocat", "hubot", "monalisa", "mona-ml"][i % 4] ?? "octocat",
    parameters: {
      lr: ["0.001", "0.003", "0.01"][i % 3] ?? "0.01",
      epochs: String(10 + (i % 5) * 10),
      "batch-size": "256",
      dataset: `s3://acme-ml/datasets/2026-${String((i % 12) + 1).padStart(2, "0")}`,
    },
    phase: failed ? "Failed" : "Succeeded",
    startedAt: timeline[0]?.startedAt,
    finishedAt,
    failedStep,
    failedMessage: failed ? "Error (exit code 1): ValueError: shapes not aligned" : undefined,
    logExcerpt: failed ? logExcerpt(i) : undefined,
    outputs: failed
      ? {}
      : { accuracy: accuracy.toFixed(4), loss: (1.1 - accuracy * 0.95).toFixed(4) },
    timeline,
    recordedAt: Math.max(recordedAt, finishedAt),
  });
}

interface Filled {
  runsOf: Map<string, number>;
  /** Some of train's runs, failed and succeeded, spread over the history: for the run page. */
  runPages: RunRecord[];
  seconds: number;
}

/**
 * Writes the records 50 to a statement, with the values `record()` writes (one by one the fill
 * took 105 s on SQLite; 500 to a statement, 36 s; 50, 16 s).
 */
async function fill(sql: SqlClient): Promise<Filled> {
  const started = performance.now();
  const random = randomFrom(15);
  const start = Date.now() - days * 86_400_000;
  const width = columns.split(",").length;
  const runsOf = new Map<string, number>();
  const runPages: RunRecord[] = [];
  let batch: RunRecord[] = [];
  const flush = async () => {
    const rows = batch.map(
      (_, row) =>
        `(${Array.from({ length: width }, (_, column) => `$${row * width + column + 1}`).join(", ")})`,
    );
    await sql.query(
      `INSERT INTO runs (${columns}) VALUES ${rows.join(", ")}`,
      batch.flatMap(rowValues),
    );
    batch = [];
  };
  for (let i = 0; i < total; i++) {
    const record = recordAt(i, start, random);
    runsOf.set(record.template, (runsOf.get(record.template) ?? 0) + 1);
    if (record.template === "train" && i % 2_000 < 2) runPages.push(record);
    batch.push(record);
    if (batch.length === batchSize) await flush();
  }
  if (batch.length > 0) await flush();
  // Statistics as autovacuum's analyse keeps them, but no VACUUM yet: the heap's pages are not
  // marked all-visible, as for the records written since autovacuum last ran (see benchStore).
  if (sql.dialect === "postgres") await sql.exec("ANALYZE runs");
  return { runsOf, runPages, seconds: (performance.now() - started) / 1000 };
}

interface Site {
  get(path: string): Promise<{ ms: number; body: string }>;
  close(): Promise<void>;
}

/** The real /runs handler on 127.0.0.1, and a signed-in person's GET, timed to the last byte. */
async function serve(ledger: RunLedger): Promise<Site> {
  const policy = parseServerPolicy(
    "repositories:\n  - match: acme/pipelines\n    namespace: ml\n",
    "bench policy",
  );
  if (!policy.ok) throw new Error(policy.error);
  let handler: ((req: IncomingMessage, res: ServerResponse) => boolean) | undefined;
  const server = createServer((req, res) => {
    if (!handler?.(req, res)) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  handler = runsSite(
    {
      clientId: "x",
      clientSecret: "y",
      publicUrl: base,
      secret: "bench-secret",
      githubUrl: "https://github.com",
      githubApiUrl: "https://api.github.com",
    },
    {
      // The pages read the ledger and the policy; nothing here reruns.
      services: { ledger, server: policy.policy } as unknown as CommandPorts,
      gatewayFor: async () => undefined,
    },
    pino({ level: "silent" }),
    { of: async () => new Map([["acme/pipelines", "acme/pipelines"]]) },
  );
  const session = sessionCookie(
    newSession("octocat", 1, "ghu_x"),
    sealerFor("bench-secret", "session"),
  );
  const cookie = session.slice(0, session.indexOf(";"));
  return {
    async get(path) {
      const started = performance.now();
      const res = await fetch(`${base}${path}`, { headers: { cookie } });
      const body = await res.text();
      const ms = performance.now() - started;
      if (res.status !== 200) throw new Error(`GET ${path}: ${res.status}\n${body.slice(0, 400)}`);
      return { ms, body };
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function runRows(body: string): string[] {
  const rows = /<table class="runs">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(body)?.[1] ?? "";
  return rows.split("<tr>").slice(1);
}

function olderHref(body: string): string | undefined {
  const href = /<a rel="next" href="([^"]+)"/.exec(body)?.[1];
  return href?.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
}

function expect(ok: boolean, path: string, what: string): void {
  if (!ok) throw new Error(`GET ${path}: ${what}`);
}

interface Probe {
  page: string;
  path(round: number): string;
  check(body: string, path: string): void;
}

/** A pipeline page: 50 runs, every one as `each` says, and the two metric charts. */
function pipelineProbe(page: string, path: string, each: (row: string) => boolean): Probe {
  return {
    page,
    path: () => path,
    check(body) {
      const rows = runRows(body);
      expect(rows.length === 50, path, `${rows.length} runs, not 50`);
      expect(rows.every(each), path, "a run that does not match the filter");
      expect(body.split("data-trend-for=").length === 3, path, "not 2 metric charts");
      expect(olderHref(body) !== undefined, path, "no Older link");
    },
  };
}

async function probesFor(site: Site, filled: Filled): Promise<Probe[]> {
  // The deep pages: train's list followed Older by Older, each page checked on the way.
  const deep: string[] = [];
  let body = (await site.get(trainPage)).body;
  const firstRuns = new Set<string>();
  for (let hop = 0; hop < deepPages; hop++) {
    const next = olderHref(body);
    expect(next !== undefined, deep.at(-1) ?? trainPage, "no Older link");
    deep.push(next as string);
    body = (await site.get(next as string)).body;
    const rows = runRows(body);
    expect(rows.length === 50 && !firstRuns.has(rows[0] ?? ""), next as string, "not a new page");
    firstRuns.add(rows[0] ?? "");
  }
  const templateCells = [...filled.runsOf].map(
    ([template, runs]) => `>${template}</a></td>\n<td>${runs}</td>`,
  );
  return [
    pipelineProbe("train, first page", trainPage, () => true),
    pipelineProbe("train, ?phase=Failed", `${trainPage}?phase=Failed`, (row) =>
      row.includes("phase-failed"),
    ),
    pipelineProbe("train, ?branch=pull-requests", `${trainPage}?branch=pull-requests`, (row) =>
      row.includes("/pull/"),
    ),
    {
      page: `train, pages 2–${deepPages + 1} (Older)`,
      path: (round) => deep[round % deep.length] as string,
      check(page, path) {
        const index = deep.indexOf(path);
        expect(runRows(page).length === 50, path, "not 50 runs");
        const next = deep[index + 1];
        if (next) expect(olderHref(page) === next, path, "another Older link than before");
      },
    },
    {
      page: "repository (4 pipelines, 20 latest)",
      path: () => repoPage,
      check(page, path) {
        expect(runRows(page).length === 20, path, "not 20 latest runs");
        for (const cell of templateCells) expect(page.includes(cell), path, `no ${cell}`);
      },
    },
    {
      page: "a run (failed ones: log, timeline)",
      path: (round) => `${repoPage}/runs/${filled.runPages[round % filled.runPages.length]?.name}`,
      check(page, path) {
        const run = filled.runPages.find((record) => path.endsWith(`/${record.name}`));
        expect(page.includes(`<h1>${run?.name}</h1>`), path, "not the run's page");
        expect(page.includes('<svg class="timeline"'), path, "no timeline");
        if (run?.failedStep)
          expect(page.includes("ValueError: shapes (512,"), path, "no failed step's log");
      },
    },
  ];
}

type Timings = Map<string, number[]>;
/** The 1-minute load average at the start and end of each column's requests. */
const loads: string[] = [];

/**
 * The pages on one store. PostgreSQL is timed twice: as loaded, then after a VACUUM (what
 * autovacuum does once a fifth of the table is new), which lets it count from an index alone.
 */
async function benchStore(store: string, sql: SqlClient): Promise<Array<[string, Timings]>> {
  await migrate(sql);
  // Autovacuum would otherwise VACUUM the new table at a moment of its choosing, mid-bench.
  if (sql.dialect === "postgres")
    await sql.exec("ALTER TABLE runs SET (autovacuum_enabled = false)");
  const ledger = sqlLedger(sql);
  try {
    const filled = await fill(sql);
    const sample = filled.runPages[7] as RunRecord;
    deepStrictEqual(await ledger.byName("ml", sample.name), sample);
    console.log(
      `${store}: ${total.toLocaleString("en")} records written in ${filled.seconds.toFixed(1)} s (${[...filled.runsOf].map(([template, runs]) => `${template} ${runs}`).join(", ")}), read back as written`,
    );
    const timed: Array<[string, Timings]> = [[store, await timedPages(ledger, filled)]];
    if (sql.dialect === "postgres") {
      await sql.exec("ALTER TABLE runs RESET (autovacuum_enabled)");
      await sql.exec("VACUUM ANALYZE runs");
      timed.push([`${store}, vacuumed`, await timedPages(ledger, filled)]);
    }
    return timed;
  } finally {
    await ledger.close();
  }
}

/** Every page once a round, in turn, so the machine's ups and downs fall on all of them. */
async function timedPages(ledger: RunLedger, filled: Filled): Promise<Timings> {
  const timings: Timings = new Map();
  const site = await serve(ledger);
  const load = loadavg()[0] ?? 0;
  try {
    const probes = await probesFor(site, filled);
    for (const probe of probes) timings.set(probe.page, []);
    for (let round = -warmUpRounds; round < rounds; round++)
      for (const probe of probes) {
        const path = probe.path(round + warmUpRounds);
        const { ms, body } = await site.get(path);
        probe.check(body, path);
        if (round >= 0) timings.get(probe.page)?.push(ms);
      }
    loads.push(`${load.toFixed(1)}–${(loadavg()[0] ?? 0).toFixed(1)}`);
    return timings;
  } finally {
    await site.close();
  }
}

/** Nearest rank. */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
}

function report(stores: ReadonlyArray<readonly [string, Timings]>): void {
  const cell = (ms: number[]) => {
    const sorted = [...ms].sort((a, b) => a - b);
    return [0.5, 0.99, 1]
      .map((p) => percentile(sorted, p).toFixed(1))
      .join(" / ")
      .padEnd(24);
  };
  const pages = [...(stores[0]?.[1].keys() ?? [])];
  console.log(
    `\nrun history pages, 100,000 records of acme/pipelines; ms p50 / p99 / max over ${rounds} sequential requests each (after ${warmUpRounds} rounds of warm-up), loopback HTTP:`,
  );
  console.log(`${"page".padEnd(40)} ${stores.map(([store]) => store.padEnd(24)).join(" ")}`);
  for (const page of pages)
    console.log(
      `${page.padEnd(40)} ${stores.map(([, timings]) => cell(timings.get(page) ?? [])).join(" ")}`,
    );
  const misses = stores.flatMap(([store, timings]) =>
    pages
      .filter((page) => page.startsWith("train"))
      .flatMap((page) => {
        const p99 = percentile(
          [...(timings.get(page) ?? [])].sort((a, b) => a - b),
          0.99,
        );
        return p99 < target ? [] : [`${page} on ${store}: p99 ${p99.toFixed(1)} ms`];
      }),
  );
  console.log(`load average (1 min) at the start and end of each column: ${loads.join(", ")}`);
  console.log(
    `target (issue #15): a pipeline's runs page p99 < ${target} ms on both stores: ${misses.length === 0 ? "met" : `MISSED (${misses.join("; ")})`}`,
  );
}

export async function benchRunsPage(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "coxswain-runs-page-bench-"));
  const postgres = await startPostgres();
  try {
    report([
      ...(await benchStore("SQLite", sqliteClient(join(dir, "ledger.db")))),
      ...(await benchStore("PostgreSQL", postgresClient(await postgres.database()))),
    ]);
  } finally {
    await postgres.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
