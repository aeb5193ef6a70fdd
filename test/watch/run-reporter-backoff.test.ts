// A sink that keeps failing (a Slack channel that is gone, GitHub down) is tried again with
// waits that double, up to a limit, and the count starts over once a write succeeds.
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ArgoCluster } from "../../app/cluster/argo-cluster.ts";
import type { ArgoObject } from "../../app/cluster/argo-kinds.ts";
import { RunReporter } from "../../app/watch/run-reporter.ts";

const running: ArgoObject = {
  apiVersion: "argoproj.io/v1alpha1",
  kind: "Workflow",
  metadata: { name: "train-1", namespace: "ml" },
  status: { phase: "Running" },
};

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
    const start = Date.now();
    await reporter.observe(running);
    for (let i = 0; i < 5; i++) await vi.runOnlyPendingTimersAsync();
    expect(attempts.map((at) => at - start)).toEqual([0, 1_000, 3_000, 7_000, 11_000, 15_000]);
    failing = false;
    await vi.runOnlyPendingTimersAsync(); // succeeds
    failing = true;
    const before = attempts.length;
    await reporter.observe({ ...running, status: { phase: "Running", progress: "1/2" } });
    await vi.runOnlyPendingTimersAsync();
    const [failed, retried] = attempts.slice(before);
    expect((retried ?? 0) - (failed ?? 0)).toBe(1_000);
  });
});
