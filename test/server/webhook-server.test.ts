import { createHmac } from "node:crypto";
import nock from "nock";
import type { Server } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { serverApp } from "../../app/server/server-app.ts";
import { InFlight } from "../../app/util/in-flight.ts";
import { type ClusterTarget, loopbackTarget } from "../support/cluster-target.ts";
import { workflowTemplate } from "../support/pipelines.ts";
import { githubApi } from "../support/probot-harness.ts";
import { type SyncFixture, startSyncFixture } from "../support/sync-fixture.ts";
import { startTestServer, webhookSecret } from "../support/test-server.ts";
import { pushPayload } from "../support/webhooks.ts";

const secret = webhookSecret;
let f: SyncFixture;
let target: ClusterTarget;
let server: Server;
let base: string;
let inFlight: InFlight;

beforeEach(async () => {
  target = await loopbackTarget();
  f = await startSyncFixture(target);
  inFlight = new InFlight();
  f.deps = { ...f.deps, inFlight };
  ({ server, base } = await startTestServer(serverApp(f.deps)));
});

afterEach(async () => {
  await server.stop();
  await f.close();
  await target.close();
});

function deliver(payload: unknown, signature?: string, body = JSON.stringify(payload)) {
  const signed = `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
  return fetch(`${base}/api/github/webhooks`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": "push",
      "x-github-delivery": crypto.randomUUID(),
      "x-hub-signature-256": signature ?? signed,
    },
    body,
  });
}

describe("the HTTP server", () => {
  it("answers /healthz", async () => {
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("ok\n");
  });

  it("refuses a webhook with a bad signature and does nothing", async () => {
    const sha = await f.origin.commit({ "workflows/a.yaml": workflowTemplate("a") });
    f.recorded.reset();
    const response = await deliver(pushPayload(f.repository, sha), `sha256=${"0".repeat(64)}`);
    expect(response.status).toBe(400);
    expect(f.recorded.calls).toEqual([]);
    expect(await f.cluster.list("workflowtemplates", f.namespace)).toEqual([]);
  });

  it("syncs on a correctly signed push", async () => {
    const sha = await f.origin.commit({ "workflows/a.yaml": workflowTemplate("a") });
    f.github
      .installationToken()
      .existingCheckRuns(sha, "coxswain/sync")
      .checkRun("coxswain/sync", sha);
    const response = await deliver(pushPayload(f.repository, sha));
    expect([response.status, await response.text()]).toEqual([202, "accepted\n"]);
    await inFlight.idle();
    f.github.done();
    expect(await f.cluster.list("workflowtemplates", f.namespace)).toHaveLength(1);
  });

  it("answers a signed delivery before its work is done, and the work still finishes", async () => {
    const sha = await f.origin.commit({ "workflows/a.yaml": workflowTemplate("a") });
    // GitHub is slow to answer the redelivery check: the sync cannot have begun when we answer.
    nock(githubApi)
      .get(`/repos/acme/pipelines/commits/${sha}/check-runs`)
      .query(true)
      .delay(1_500)
      .reply(200, { total_count: 0, check_runs: [] });
    f.github.installationToken().checkRun("coxswain/sync", sha);
    const started = performance.now();
    const response = await deliver(pushPayload(f.repository, sha));
    const answeredAfterMs = performance.now() - started;
    expect(response.status).toBe(202);
    expect(answeredAfterMs).toBeLessThan(1_500);
    expect(await f.cluster.list("workflowtemplates", f.namespace)).toEqual([]);
    expect(inFlight.count).toBeGreaterThan(0);
    await inFlight.idle();
    f.github.done();
    expect(await f.cluster.list("workflowtemplates", f.namespace)).toHaveLength(1);
  });

  it("hands a correctly signed body that is not JSON to Probot, which refuses it", async () => {
    const response = await deliver(undefined, undefined, "{not json");
    expect(response.status).toBe(400);
    expect(inFlight.count).toBe(0);
    expect(f.recorded.calls).toEqual([]);
  });
});
