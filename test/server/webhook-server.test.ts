import { createHmac } from "node:crypto";
import { createServer } from "node:net";
import { pino } from "pino";
import { Probot, ProbotOctokit, Server } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { serverApp } from "../../app/server/server-app.ts";
import { type ClusterTarget, loopbackTarget } from "../support/cluster-target.ts";
import { workflowTemplate } from "../support/pipelines.ts";
import { testPrivateKey } from "../support/probot-harness.ts";
import { type SyncFixture, startSyncFixture } from "../support/sync-fixture.ts";
import { pushPayload } from "../support/webhooks.ts";

const secret = "webhook-secret";
let f: SyncFixture;
let target: ClusterTarget;
let server: Server;
let base: string;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

beforeEach(async () => {
  target = await loopbackTarget();
  f = await startSyncFixture(target);
  const port = await freePort();
  server = new Server({
    host: "127.0.0.1",
    port,
    log: pino({ level: "silent" }),
    Probot: Probot.defaults({
      appId: 1,
      privateKey: testPrivateKey,
      secret,
      Octokit: ProbotOctokit.defaults((o: Record<string, unknown>) => ({
        ...o,
        retry: { enabled: false },
        throttle: { ...(o.throttle as object), enabled: false },
      })),
    }),
  });
  await server.load(serverApp(f.deps));
  await server.start();
  base = `http://127.0.0.1:${port}`;
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
