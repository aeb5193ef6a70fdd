// A sink that keeps failing (a Slack channel that is gone, GitHub down) is tried again with
// waits that double, up to a limit, and the count starts over once a write succeeds.
import { pino } from "pino";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { ArgoCluster } from "../../app/cluster/argo-cluster.ts";
import type { ArgoObject } from "../../app/cluster/argo-kinds.ts";
import { RunReporter } from "../../app/watch/run-reporter.ts";
import { argoFor, createTemplateRun } from "../support/argo-runs.ts";
import { loopbackTarget } from "../support/cluster-target.ts";

/** The run as Argo left it when it started, and after its first step. */
let running: ArgoObject;
let progressed: ArgoObject;

beforeAll(async () => {
  const target = await loopbackTarget();
  try {
    const namespace = await target.namespace("ml");
    await createTemplateRun(target, namespace, "train-1");
    const snapshot = async () => {
      const workflow = await target.get("workflows", namespace, "train-1");
      if (!workflow) throw new Error("no run train-1");
      return workflow;
    };
    const run = await argoFor(target).load(namespace, "train-1");
    await run.start();
    running = await snapshot();
    await run.succeed("load");
    progressed = await snapshot();
  } finally {
    await target.close();
  }
});

let reporter: RunReporter;
let attempts: number[];
let failing: boolean;

beforeEach(() => {
  vi.useFakeTimers();
  attempts = [];
  failing = true;
  const sink = {
    progress: async () => {
      attempts.push(Date.now());
      if (failing) throw new Error("channel_not_found");
    },
    notifyExit: async () => {},
  };
  // Progress of a running run never writes to the cluster.
  const cluster = {} as ArgoCluster;
  reporter = new RunReporter(cluster, sink, pino({ level: "silent" }), {
    intervalMs: 0,
    retryMs: 1_000,
    maxRetryMs: 4_000,
  });
});
afterEach(() => {
  reporter.stop();
  vi.useRealTimers();
});

describe("retries of a failing sink", () => {
  it("wait 1 s, 2 s, 4 s, then 4 s, and start over after a success", async () => {
    // The clock moves by the waits expected, not to "the pending timers": the HTTP client that
    // fetched the runs may still hold an idle-socket timer of its own.
    const start = Date.now();
    await reporter.observe(running);
    for (const wait of [1_000, 2_000, 4_000, 4_000, 4_000]) await vi.advanceTimersByTimeAsync(wait);
    expect(attempts.map((at) => at - start)).toEqual([0, 1_000, 3_000, 7_000, 11_000, 15_000]);
    failing = false;
    await vi.advanceTimersByTimeAsync(4_000); // succeeds
    failing = true;
    const before = attempts.length;
    await reporter.observe(progressed);
    await vi.advanceTimersByTimeAsync(1_000);
    const [failed, retried] = attempts.slice(before);
    expect((retried ?? 0) - (failed ?? 0)).toBe(1_000);
  });
});
