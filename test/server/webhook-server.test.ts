import { createHmac } from "node:crypto";
import type { Server } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { serverApp } from "../../app/server/server-app.ts";
import { type ClusterTarget, loopbackTarget } from "../support/cluster-target.ts";
import { workflowTemplate } from "../support/pipelines.ts";
import { type SyncFixture, startSyncFixture } from "../support/sync-fixture.ts";
import { startTestServer, webhookSecret } from "../support/test-server.ts";
import { pushPayload } from "../support/webhooks.ts";

const secret = webhookSecret;
let f: SyncFixture;
let target: ClusterTarget;
let server: Server;
let base: string;

beforeEach(async () => {
  target = await loopbackTarget();
  f = await startSyncFixture(target);
  ({ server, base } = await startTestServer(serverApp(f.deps)));
});

afterEach(async () => {
  await server.stop();
  await f.close();
  await target.close();
});

function deliver(payload: unknown, signature?: string) {
  const body = JSON.stringify(payload);
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
    expect(response.status).toBe(200);
    f.github.done();
    expect(await f.cluster.list("workflowtemplates", f.namespace)).toHaveLength(1);
  });
});
