// Two replicas over one Lease on the test Kubernetes API: one leads; the other takes over when
// the leader releases the lease (shutdown) or stops renewing it (a crash), not before.
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { leaseStoreFor } from "../../app/cluster/lease-store.ts";
import { LeaderElector } from "../../app/leader/leader-elector.ts";
import { startTestKubeApi, type TestKubeApi } from "../support/kube-api/index.ts";

let api: TestKubeApi;
const electors: LeaderElector[] = [];
const log: string[] = [];

beforeEach(async () => {
  log.length = 0;
  api = await startTestKubeApi();
  api.createNamespace("coxswain");
});
afterEach(async () => {
  for (const elector of electors.splice(0)) await elector.stop();
  await api.close();
});

function replica(identity: string, leaseDurationMs = 600) {
  const elector = new LeaderElector(
    leaseStoreFor(api.kubeConfig(), "coxswain", "coxswain-leader"),
    { identity, leaseDurationMs, renewDeadlineMs: leaseDurationMs / 2, retryPeriodMs: 50 },
    {
      start: () => void log.push(`${identity} leads`),
      stop: () => void log.push(`${identity} stops`),
    },
    pino({ level: "silent" }),
  );
  electors.push(elector);
  elector.start();
  return elector;
}

async function until(what: string, condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const holder = () =>
  (api.get("leases", "coxswain", "coxswain-leader") as { spec?: { holderIdentity?: string } })?.spec
    ?.holderIdentity;

describe("leader election over a Lease", () => {
  it("lets exactly one replica lead while the leader renews", async () => {
    const a = replica("a");
    await until("a leads", () => a.isLeader);
    const b = replica("b");
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // more than two lease durations
    expect(a.isLeader).toBe(true);
    expect(b.isLeader).toBe(false);
    expect(holder()).toBe("a");
    expect(log).toEqual(["a leads"]);
  });

  it("hands over at once when the leader shuts down and releases the lease", async () => {
    const a = replica("a", 60_000);
    await until("a leads", () => a.isLeader);
    const b = replica("b", 60_000);
    await a.stop();
    await until("b leads", () => b.isLeader);
    expect(log).toEqual(["a leads", "a stops", "b leads"]);
    expect(holder()).toBe("b");
    const lease = api.get("leases", "coxswain", "coxswain-leader") as {
      spec: { leaseTransitions: number };
    };
    expect(lease.spec.leaseTransitions).toBe(1);
  });

  it("takes over once a crashed leader's lease has not been renewed for its duration", async () => {
    const a = replica("a");
    await until("a leads", () => a.isLeader);
    const b = replica("b");
    const crashed = Date.now();
    await a.stop({ release: false });
    await until("b leads", () => b.isLeader);
    expect(Date.now() - crashed).toBeGreaterThanOrEqual(600);
    expect(holder()).toBe("b");
  });
});
