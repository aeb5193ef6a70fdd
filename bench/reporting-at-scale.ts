// 1,000 runs in flight across 50 repositories of one installation, each on its own pull request
// with a check run and a run comment, reported on GitHub through the write budget. GitHub is a
// stand-in on loopback HTTP (bench/github-api-process.ts) that answers as GitHub does:
// x-ratelimit-* headers on every answer, 5,000 requests an hour from the window's first request,
// 403 once it is spent. Time is simulated: a clock that runs `speed` times faster drives the runs,
// the budget and GitHub's window, so ~75 min of runs take ~75 s. Issue #14 asks for writes per
// hour, the longest delay of a final state and the reporter's RSS. The reporter runs in a process
// of its own with `npm start`'s heap limit (as bench/prune-runs.ts does) and GitHub in another,
// so the RSS is the reporter's (with Probot); the cluster is a stub (it is asked only for the
// notified-phase patch).
import { type ChildProcess, fork } from "node:child_process";
import { readFile } from "node:fs/promises";
import { pino } from "pino";
import type { ArgoCluster } from "../app/cluster/argo-cluster.ts";
import type { ArgoObject } from "../app/cluster/argo-kinds.ts";
import { githubRunReportSink, reportRequests } from "../app/github/run-report-sink.ts";
import { InstallationWriteBudget } from "../app/github/write-budget.ts";
import type { Clock } from "../app/github/write-lane.ts";
import { RunReporter } from "../app/watch/run-reporter.ts";
import { startHarness, testSigner } from "../test/support/probot-harness.ts";
import { signedPullRequestRun } from "../test/support/signed-run.ts";
import type { GitHubStats } from "./github-api-process.ts";

const runCount = 1_000;
const repositories = 50;
const steps = 10;
const limit = 5_000;
const hourMs = 3_600_000;
const simStart = Date.parse("2026-11-23T10:00:00Z");
/** Simulated milliseconds per real one. */
const speed = 60;
const installationId = 2;

/** A clock `speed` times faster than the real one, from 10:00 on the bench's day. */
function fastClock(realStart: number): Clock & { sleepUntil(at: number): Promise<void> } {
  const now = () => simStart + (Date.now() - realStart) * speed;
  return {
    now,
    after(ms, wake) {
      const timer = setTimeout(wake, ms / speed);
      return () => clearTimeout(timer);
    },
    sleepUntil: (at) =>
      new Promise((resolve) => setTimeout(resolve, Math.max(at - now(), 0) / speed)),
  };
}

interface RunPlan {
  /** The run's number; its check run's id is the same. */
  id: number;
  name: string;
  repo: string;
  pr: number;
  /** Simulated times each step starts and ends, in order. */
  changes: Array<{ at: number; step: number; phase: "Running" | "Succeeded" | "Failed" }>;
}

/** Runs that start within 5 minutes; steps of 2–9 minutes; one in ten fails at a random step. */
function planRuns(start: number, random: () => number): RunPlan[] {
  return Array.from({ length: runCount }, (_, i) => {
    let at = start + random() * 300_000;
    const failsAt = random() < 0.1 ? Math.floor(random() * steps) : -1;
    const changes: RunPlan["changes"] = [];
    for (let step = 0; step < steps; step++) {
      changes.push({ at, step, phase: "Running" });
      at += 120_000 + random() * 420_000;
      const failed = step === failsAt;
      changes.push({ at, step, phase: failed ? "Failed" : "Succeeded" });
      if (failed) break;
    }
    const repo = `acme/pipelines-${String(i % repositories).padStart(2, "0")}`;
    return {
      id: i + 1,
      name: `train-${i + 1}`,
      repo,
      pr: 100 + Math.floor(i / repositories),
      changes,
    };
  });
}

function workflowOf(plan: RunPlan, upTo: number, clock: Clock): ArgoObject {
  const change = plan.changes[upTo];
  if (!change) throw new Error("no such change");
  const last = upTo === plan.changes.length - 1;
  const nodes: Record<string, object> = {};
  for (const seen of plan.changes.slice(0, upTo + 1)) {
    nodes[`n${seen.step}`] = {
      id: `n${seen.step}`,
      name: `${plan.name}[${seen.step}].s${seen.step}`,
      displayName: `s${seen.step}`,
      type: "Pod",
      phase: seen.phase,
      startedAt: new Date(seen.at).toISOString(),
    };
  }
  const phase = !last ? "Running" : change.phase === "Failed" ? "Failed" : "Succeeded";
  return signedPullRequestRun("ml", {
    name: plan.name,
    pr: plan.pr,
    annotations: {
      "coxswain.dev/installation-id": String(installationId),
      "coxswain.dev/repo-full-name": plan.repo,
      "coxswain.dev/check-run-id": String(plan.id),
      "coxswain.dev/pr-comment-id": String(100_000 + plan.id),
    },
    status: {
      phase,
      progress: `${change.step + (change.phase === "Running" ? 0 : 1)}/${steps}`,
      startedAt: new Date(plan.changes[0]?.at ?? 0).toISOString(),
      ...(last ? { finishedAt: new Date(clock.now()).toISOString() } : {}),
      nodes,
    },
  });
}

/** Runs the benchmark in a child process started with the app's own Node flags. */
export async function benchReportingAtScale(): Promise<void> {
  const manifest = JSON.parse(
    await readFile(new URL("../package.json", import.meta.url), "utf8"),
  ) as { scripts: { start: string } };
  const flags = manifest.scripts.start.split(/\s+/).filter((word) => word.startsWith("--"));
  const child = fork(new URL(import.meta.url), ["--measure"], {
    execArgv: [...process.execArgv, ...flags],
    stdio: "inherit",
  });
  const code = await new Promise((resolve) => child.once("exit", resolve));
  if (code !== 0) throw new Error(`the reporting-at-scale benchmark failed (exit ${code})`);
}

/** GitHub's stand-in, started on the bench's clock; resolves with its port. */
async function startGitHub(realStart: number): Promise<{ process: ChildProcess; port: number }> {
  const child = fork(new URL("./github-api-process.ts", import.meta.url), [
    String(realStart),
    String(speed),
  ]);
  const port = await new Promise<number>((resolve) =>
    child.once("message", (message) => resolve((message as { port: number }).port)),
  );
  return { process: child, port };
}

async function statsOf(github: ChildProcess): Promise<GitHubStats> {
  const stats = new Promise<GitHubStats>((resolve) =>
    github.once("message", (message) => resolve((message as { stats: GitHubStats }).stats)),
  );
  github.send({ stats: true });
  return stats;
}

async function measure(): Promise<void> {
  const realStart = Date.now();
  const clock = fastClock(realStart);
  const github = await startGitHub(realStart);
  let seed = 14;
  const random = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  const plans = planRuns(clock.now(), random);
  const harness = await startHarness({} as never, { baseUrl: `http://127.0.0.1:${github.port}` });
  const budget = new InstallationWriteBudget({ requestsOf: reportRequests, options: { clock } });
  const auth = budget.watching(async (id: number) => (await harness.probot.auth(id)) as never);
  const cluster = {
    mergePatch: async (_kind: string, _namespace: string, name: string) => ({
      metadata: { name },
    }),
  } as unknown as ArgoCluster;
  const reporter = new RunReporter(
    cluster,
    githubRunReportSink({ auth, appId: 1, signer: testSigner, links: {} }),
    pino({ level: "silent" }),
    {
      intervalMs: 10_000 / speed,
      retryMs: 5_000 / speed,
      maxRetryMs: 300_000 / speed,
      pacer: budget,
    },
  );
  let peakRss = 0;
  let peakHeap = 0;
  const sampler = setInterval(() => {
    const memory = process.memoryUsage();
    peakRss = Math.max(peakRss, memory.rss);
    peakHeap = Math.max(peakHeap, memory.heapUsed);
  }, 100);

  const events = plans
    .flatMap((plan) => plan.changes.map((change, index) => ({ plan, index, at: change.at })))
    .sort((a, b) => a.at - b.at);
  const endedAt = new Map<number, number>();
  const started = performance.now();
  for (const event of events) {
    if (event.at > clock.now()) await clock.sleepUntil(event.at);
    const workflow = workflowOf(event.plan, event.index, clock);
    if (event.index === event.plan.changes.length - 1) endedAt.set(event.plan.id, clock.now());
    void reporter.observe(workflow);
  }
  let stats = await statsOf(github.process);
  while (stats.exitNotifications < runCount || stats.completedAt.length < runCount) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    stats = await statsOf(github.process);
  }
  await reporter.drain();
  clearInterval(sampler);
  const real = (performance.now() - started) / 1000;

  const completedAt = new Map(stats.completedAt);
  const delays = [...endedAt].map(([id, at]) => (completedAt.get(id) ?? Infinity) - at);
  delays.sort((a, b) => a - b);
  const first = stats.answered[0]?.at ?? 0;
  const lastAt = stats.answered.at(-1)?.at ?? first;
  const perHour = new Map<number, number>();
  for (const answer of stats.answered) {
    const hour = Math.floor((answer.at - first) / hourMs);
    perHour.set(hour, (perHour.get(hour) ?? 0) + 1);
  }
  const writes = stats.answered.filter((a) => a.method !== "GET").length;
  const refused = stats.answered.filter((a) => a.status === 403).length;
  const lowest = Math.min(...stats.answered.map((a) => a.remaining));
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.log(
    [
      `reporting at scale: ${runCount} runs across ${repositories} repositories of one installation, ${events.length} status changes over ${((lastAt - first) / 60_000).toFixed(0)} simulated minutes (${speed}× clock, ${real.toFixed(0)} s real)`,
      `  GitHub requests per hour of the run: ${[...perHour.values()].join(", ")} (limit ${limit}); ${writes} writes and ${stats.answered.length - writes} reads in all; lowest x-ratelimit-remaining ${lowest}; ${refused} refused`,
      `  final state written after the run ended: longest ${seconds(delays.at(-1) ?? 0)}, p99 ${seconds(delays[Math.floor(delays.length * 0.99)] ?? 0)}, median ${seconds(delays[Math.floor(delays.length / 2)] ?? 0)} (simulated); ${stats.exitNotifications} exit notifications`,
      `  progress coalesced: ${events.length - runCount} progress changes → ${stats.progressUpdates} progress reports (check run and comment each)`,
      `  RSS: peak ${(peakRss / 2 ** 20).toFixed(0)} MiB (heap used: peak ${(peakHeap / 2 ** 20).toFixed(0)} MiB) with ${flags()} (the reporter's process: reporter, budget, Probot, the runs' objects)`,
    ].join("\n"),
  );
  reporter.stop();
  budget.stop();
  github.process.kill();
}

function flags(): string {
  return process.execArgv.filter((flag) => flag.startsWith("--max")).join(" ") || "no heap limit";
}

if (import.meta.main && process.argv.includes("--measure")) {
  await measure();
  process.exit(0);
}
