// The run ledger at 100,000 records (1,000 pull requests × 100 runs), on both stores: the time
// to write them one by one (as the recorder does) and the latency of /status's query for a
// pull request. Target (issue #8): /status under 50 ms p99 at that size on both stores.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openLedger } from "../app/ledger/open-ledger.ts";
import type { RunRecord } from "../app/ledger/run-record.ts";
import { startPostgres } from "../test/support/postgres.ts";

const pullRequests = 1_000;
const runsPerPullRequest = 100;
const queries = 1_000;

function record(i: number): RunRecord {
  const pr = (i % pullRequests) + 1;
  return {
    uid: `uid-${i}`,
    namespace: "ml",
    name: `train-${i.toString(16).padStart(8, "0")}`,
    repo: "acme/pipelines",
    template: ["train", "evaluate", "sweep"][i % 3] ?? "train",
    commit: i.toString(16).padStart(40, "0"),
    pr,
    trigger: "comment",
    actor: "octocat",
    parameters: { lr: "0.01", epochs: String(i % 10) },
    phase: i % 5 === 0 ? "Failed" : "Succeeded",
    startedAt: 1_700_000_000_000 + i * 1000,
    finishedAt: 1_700_000_000_000 + i * 1000 + 60_000,
    failedStep: i % 5 === 0 ? "evaluate" : undefined,
    failedMessage: i % 5 === 0 ? "Error (exit code 1)" : undefined,
    logExcerpt: i % 5 === 0 ? "Traceback …\nValueError: bad shape\n" : undefined,
    outputs: { accuracy: (0.8 + (i % 100) / 1000).toFixed(3) },
    recordedAt: 1_700_000_000_000 + i * 1000 + 60_000,
  };
}

async function benchStore(name: string, location: string): Promise<void> {
  const ledger = await openLedger(location);
  try {
    const total = pullRequests * runsPerPullRequest;
    const started = performance.now();
    for (let i = 0; i < total; i++) await ledger.record(record(i));
    const writeSeconds = (performance.now() - started) / 1000;
    const timings: number[] = [];
    for (let q = 0; q < queries; q++) {
      const pr = ((q * 7919) % pullRequests) + 1;
      const t = performance.now();
      const runs = await ledger.ofPullRequest("ml", "acme/pipelines", pr, 100);
      timings.push(performance.now() - t);
      if (runs.length !== runsPerPullRequest) throw new Error(`PR ${pr}: ${runs.length} runs`);
    }
    timings.sort((a, b) => a - b);
    const at = (p: number) =>
      timings[Math.min(timings.length - 1, Math.floor(p * timings.length))]?.toFixed(2);
    console.log(
      `run ledger on ${name}: wrote ${total} records one by one in ${writeSeconds.toFixed(1)} s (${Math.round(total / writeSeconds)}/s); /status query for a PR (100 runs): p50 ${at(0.5)} ms, p99 ${at(0.99)} ms over ${queries}; target p99 < 50 ms`,
    );
  } finally {
    await ledger.close();
  }
}

export async function benchLedger(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "coxswain-ledger-bench-"));
  const postgres = await startPostgres();
  try {
    await benchStore("SQLite", join(dir, "ledger.db"));
    await benchStore("PostgreSQL", await postgres.database());
  } finally {
    await postgres.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
