// The running server as a platform engineer sees it: /healthz, /readyz, /metrics, and a
// graceful shutdown that finishes the webhook in flight and hands the lease over.
import { createHmac } from "node:crypto";
import nock from "nock";
import type { Server } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { leaseStoreFor } from "../../app/cluster/lease-store.ts";
import { createMetrics } from "../../app/metrics/metrics.ts";
import { type ServerParts, serverApp } from "../../app/server/server-app.ts";
import { shutdown } from "../../app/server/shutdown.ts";
import { InFlight } from "../../app/util/in-flight.ts";
import { loopbackTarget } from "../support/cluster-target.ts";
import { workflowTemplate } from "../support/pipelines.ts";
import { githubApi } from "../support/probot-harness.ts";
import { type SyncFixture, startSyncFixture } from "../support/sync-fixture.ts";
import { startTestServer, webhookSecret } from "../support/test-server.ts";
import { pushPayload } from "../support/webhooks.ts";

const secret = webhookSecret;
let target: Awaited<ReturnType<typeof loopbackTarget>>;
let f: SyncFixture;
let server: Server;
let parts: ServerParts | undefined;
let inFlight: InFlight;
let base: string;
let stopped = false;

beforeEach(async () => {
  target = await loopbackTarget();
  target.api.createNamespace("coxswain");
  f = await startSyncFixture(target);
  inFlight = new InFlight();
  const deps = { ...f.deps, metrics: createMetrics(), inFlight };
  f.deps = deps;
  ({ server, base } = await startTestServer(
    serverApp(deps, {
      reportRuns: true,
      prune: false,
      reconcile: false,
      leader: {
        store: leaseStoreFor(target.kubeConfig(), "coxswain", "coxswain-leader"),
        options: {
          identity: "pod-a",
          leaseDurationMs: 60_000,
          renewDeadlineMs: 30_000,
          retryPeriodMs: 50,
        },
      },
      started: (started) => {
        parts = started;
      },
    }),
  ));
  stopped = false;
});

afterEach(async () => {
  if (!stopped) await shutdown({ server, parts, inFlight, git: f.deps.git });
  await f.close();
  await target.close();
});

function deliverPush(payload: unknown) {
  const body = JSON.stringify(payload);
  return fetch(`${base}/api/github/webhooks`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": "push",
      "x-github-delivery": crypto.randomUUID(),
      "x-hub-signature-256": `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`,
    },
    body,
  });
}

const holder = () =>
  (
    target.api.get("leases", "coxswain", "coxswain-leader") as {
      spec?: { holderIdentity?: string };
    }
  )?.spec?.holderIdentity;

async function until(what: string, condition: () => boolean) {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("health, readiness and metrics", () => {
  it("answers /healthz and /readyz while the cluster answers, and /readyz 503 when it does not", async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect([ready.status, await ready.text()]).toEqual([200, "ok\n"]);
    target.api.injectFault({ pathPrefix: "/apis/argoproj.io", status: 503, times: 5 });
    const notReady = await fetch(`${base}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.text()).toMatch(/^the cluster does not answer: /);
  });

  it("counts webhooks, syncs, runs started, the leader and the watch in Prometheus' format", async () => {
    await until("leading", () => parts?.elector?.isLeader === true);
    const sha = await f.origin.commit({
      ".github/coxswain.yml": "triggers:\n  - on: merge\n    template: train\n",
      "workflows/train.yaml": workflowTemplate("train"),
    });
    f.github
      .installationToken()
      .existingCheckRuns(sha, "coxswain/sync")
      .checkRun("coxswain/sync", sha)
      .queuedCheckRun("coxswain/run: train", sha)
      .reporting(0);
    expect((await deliverPush(pushPayload(f.repository, sha))).status).toBe(202);
    await inFlight.idle();
    f.github.done();
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toContain('coxswain_webhooks_total{event="push",outcome="ok"} 1');
    expect(text).toContain('coxswain_sync_duration_seconds_count{outcome="success"} 1');
    expect(text).toContain('coxswain_runs_started_total{trigger="merge"} 1');
    expect(text).toContain("coxswain_leader 1");
    expect(text).toContain("# TYPE coxswain_prune_deletions_total counter");
    expect(text).toContain("# TYPE coxswain_watch_restarts_total counter");
  });
});

describe("shutting down (SIGTERM)", () => {
  it("finishes the webhook in flight, takes no new one, and releases the lease", async () => {
    await until("leading", () => parts?.elector?.isLeader === true);
    expect(holder()).toBe("pod-a");
    const sha = await f.origin.commit({ "workflows/a.yaml": workflowTemplate("a") });
    // GitHub is slow to answer the redelivery check, so the webhook is still in flight.
    nock(githubApi)
      .get(`/repos/acme/pipelines/commits/${sha}/check-runs`)
      .query(true)
      .delay(400)
      .reply(200, { total_count: 0, check_runs: [] });
    f.github.installationToken().checkRun("coxswain/sync", sha);
    const delivered = deliverPush(pushPayload(f.repository, sha));
    // Answered as soon as it is verified; the sync goes on behind the answer.
    expect((await delivered).status).toBe(202);
    await until("the webhook in flight", () => inFlight.count > 0);
    stopped = true;
    const down = shutdown({ server, parts, inFlight, git: f.deps.git });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const ready = await fetch(`${base}/readyz`).catch((error: Error) => error);
    expect(ready instanceof Error ? "refused" : ready.status).toBe("refused");
    await down;
    expect(await f.cluster.list("workflowtemplates", f.namespace)).toHaveLength(1);
    expect(f.github.completion("coxswain/sync", sha)).toMatchObject({ conclusion: "success" });
    expect(holder()).toBeUndefined();
    expect(parts?.elector?.isLeader).toBe(false);
  });
});
