// Two app instances against one test Kubernetes API: only the leader reports runs; when it
// dies, the other takes over within the lease duration and the run's end is notified once.
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { leaseStoreFor } from "../../app/cluster/lease-store.ts";
import { LeaderElector } from "../../app/leader/leader-elector.ts";
import { createMetrics, type Metrics } from "../../app/metrics/metrics.ts";
import { leaderDuties } from "../../app/server/leader-duties.ts";
import { argoFor } from "../support/argo-runs.ts";
import { loopbackTarget } from "../support/cluster-target.ts";
import { workflowTemplate } from "../support/pipelines.ts";
import { commentOnPullRequest } from "../support/pull-request-comment.ts";
import { type SyncFixture, startSyncFixture } from "../support/sync-fixture.ts";

let target: Awaited<ReturnType<typeof loopbackTarget>>;
let f: SyncFixture;
const electors: LeaderElector[] = [];

beforeAll(async () => {
  target = await loopbackTarget();
  target.api.createNamespace("coxswain");
});
afterAll(() => target.close());
beforeEach(async () => {
  f = await startSyncFixture(target);
  const base = await f.origin.commit({ "workflows/train.yaml": workflowTemplate("train") });
  await f.origin.branch("change");
  const head = await f.origin.commit({ "notes.md": "x" }, "notes", "change");
  await f.origin.pushPullRef(7, head);
  await commentOnPullRequest(f, {
    base,
    head,
    body: "/run train",
    commentId: 1,
    startsRun: "train",
  });
  f.github.reporting(7);
});
afterEach(async () => {
  for (const elector of electors.splice(0)) await elector.stop();
  await f.close();
});

/** One replica: its own reporter and metrics, the shared lease. */
function replica(identity: string): { elector: LeaderElector; metrics: Metrics } {
  const metrics = createMetrics();
  const work = leaderDuties(f.app.probot, { ...f.deps, metrics }, { intervalMs: 0, prune: false });
  const elector = new LeaderElector(
    leaseStoreFor(target.kubeConfig(), "coxswain", `leader-${f.namespace}`),
    { identity, leaseDurationMs: 800, renewDeadlineMs: 400, retryPeriodMs: 50 },
    work,
    pino({ level: "silent" }),
  );
  electors.push(elector);
  elector.start();
  return { elector, metrics };
}

async function until(what: string, condition: () => boolean | Promise<boolean>) {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const exitNotifications = () =>
  f.github.comments.filter((comment) => comment.body.includes("<!-- coxswain:exit:"));

describe("two app instances", () => {
  it("report through the leader only; the other takes over when it dies and notifies the end once", async () => {
    const a = replica("a");
    await until("a leads", () => a.elector.isLeader);
    const b = replica("b");
    await until("a reports the run", () => f.github.checkRunUpdates.length > 0);
    expect(b.elector.isLeader).toBe(false);
    expect(await a.metrics.registry.getSingleMetricAsString("coxswain_leader")).toContain(
      "coxswain_leader 1",
    );

    await a.elector.stop({ release: false }); // a crash: the lease is left to expire
    const [workflow] = await f.cluster.list("workflows", f.namespace);
    const run = await argoFor(target).load(f.namespace, workflow?.metadata.name ?? "");
    await run.start();
    await run.finishAs("Succeeded");
    await until("b takes over", () => b.elector.isLeader);
    await until("the exit notification", () => exitNotifications().length === 1);
    await until("the notified phase recorded", async () => {
      const [after] = await f.cluster.list("workflows", f.namespace);
      return after?.metadata.annotations?.["coxswain.dev/notified-phase"] === "Succeeded";
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(exitNotifications()).toHaveLength(1);
    expect(a.elector.isLeader).toBe(false);
    expect(
      await b.metrics.registry.getSingleMetricAsString("coxswain_notifications_total"),
    ).toContain('coxswain_notifications_total{channel="github",outcome="sent"}');
    // The run's end is counted once, by the replica that notified it.
    expect(await b.metrics.registry.getSingleMetricAsString("coxswain_runs_ended_total")).toContain(
      'coxswain_runs_ended_total{phase="Succeeded"} 1',
    );
    expect(
      await a.metrics.registry.getSingleMetricAsString("coxswain_runs_ended_total"),
    ).not.toContain("coxswain_runs_ended_total{");
  });
});
