// The request bodies the server reads are capped while they stream, before any signature is
// checked. No nock in this file: it holds a streamed request back until it ends, which would
// hide exactly what these tests look at (and nothing here may reach GitHub or Slack anyway).
import { mkdtemp, rm } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Server } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadArgoSchemaValidator } from "../../app/argo/argo-schema.ts";
import { argoClusterFor } from "../../app/cluster/argo-cluster.ts";
import { coreClusterFor } from "../../app/cluster/core-cluster.ts";
import { serverPolicySchema } from "../../app/config/server-policy.ts";
import { GitMirrors } from "../../app/git/repo-mirror.ts";
import { maxWebhookBytes } from "../../app/server/bounded-webhooks.ts";
import { serverApp } from "../../app/server/server-app.ts";
import { maxSlackBodyBytes } from "../../app/slack/slack-app.ts";
import { type ClusterTarget, loopbackTarget } from "../support/cluster-target.ts";
import { testSigner } from "../support/probot-harness.ts";
import { type RecordingCluster, recordingCluster } from "../support/recording-cluster.ts";
import { argoSchemaPath } from "../support/shared-data.ts";
import { startTestServer } from "../support/test-server.ts";

const githubPath = "/api/github/webhooks";
const slackPath = "/slack/events";
let target: ClusterTarget;
let recorded: RecordingCluster;
let server: Server;
let base: string;
let cacheDir: string;

beforeAll(async () => {
  target = await loopbackTarget();
  recorded = recordingCluster(argoClusterFor(target.kubeConfig()));
  cacheDir = await mkdtemp(join(tmpdir(), "coxswain-limits-"));
  const deps = {
    server: serverPolicySchema.parse({}),
    git: new GitMirrors(cacheDir, serverPolicySchema.parse({}).limits),
    cluster: recorded.cluster,
    core: coreClusterFor(target.kubeConfig()),
    schema: loadArgoSchemaValidator(argoSchemaPath),
    signer: testSigner,
  };
  ({ server, base } = await startTestServer(
    serverApp(deps, {
      slack: { botToken: "xoxb-test", signingSecret: "slack-secret", socketMode: false },
    }),
  ));
});

afterAll(async () => {
  await server.stop();
  await target.close();
  await rm(cacheDir, { recursive: true, force: true });
});

describe("GitHub's webhook route", () => {
  it("refuses a body whose declared length is over 25 MB without reading it", async () => {
    const answer = await post({ path: githubPath, declaredBytes: 400 * 1024 * 1024, sendBytes: 0 });
    expect(answer).toEqual({
      status: 413,
      body: `{"error":"the request body is larger than ${maxWebhookBytes} bytes"}`,
      sentBytes: 0,
    });
    expect(recorded.calls).toEqual([]);
  });

  it("stops reading a streamed body at 25 MB and refuses it before any signature check", async () => {
    // Unsigned: read whole, Probot would answer 400 for the signature after holding it all.
    const offered = 400 * 1024 * 1024;
    const answer = await post({ path: githubPath, sendBytes: offered });
    expect(answer.status).toBe(413);
    expect(answer.sentBytes).toBeLessThan(offered / 2);
    expect(recorded.calls).toEqual([]);
  });

  it("still takes a signed body just under the cap", async () => {
    const answer = await post({ path: githubPath, sendBytes: 1024 * 1024 });
    expect(answer.status).toBe(400); // read whole, then refused for its (missing) signature
  });
});

describe("Slack's route", () => {
  it("refuses a body over 1 MB while it streams, before the signature check", async () => {
    const offered = 64 * maxSlackBodyBytes;
    const answer = await post({ path: slackPath, sendBytes: offered });
    expect(answer.status).toBe(413);
    expect(answer.sentBytes).toBeLessThan(offered / 2);
    expect(recorded.calls).toEqual([]);
  });

  it("reads a small body and refuses its bad signature", async () => {
    const answer = await post({ path: slackPath, declaredBytes: 10, sendBytes: 10 });
    expect(answer.status).toBe(401);
  });
});

/**
 * Posts `sendBytes` of filler to `path` over a plain socket, with a declared length or chunked, and resolves
 * with the answer as soon as it comes, and how much had been sent by then. A server that refuses
 * a body it has not read closes on unread bytes, so TCP resets the connection; when the reset
 * overtakes the answer on a busy machine, the client's kernel drops the answer unread. Only that
 * case (no answer, the connection reset) is tried again, at most twice.
 */
async function post(options: { path: string; declaredBytes?: number; sendBytes: number }) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await postOnce(options);
    } catch (error) {
      if (!(error instanceof ResetBeforeAnswer) || attempt === 3) throw error;
    }
  }
}

class ResetBeforeAnswer extends Error {}

function postOnce(options: { path: string; declaredBytes?: number; sendBytes: number }) {
  const { port } = new URL(base);
  return new Promise<{ status: number; body: string; sentBytes: number }>((resolve, reject) => {
    let sentBytes = 0;
    let answer = "";
    const socket = connect(Number(port), "127.0.0.1");
    const chunked = options.declaredBytes === undefined;
    const head = [
      `POST ${options.path} HTTP/1.1`,
      `host: 127.0.0.1:${port}`,
      "connection: close",
      ...(options.path === slackPath
        ? [
            "content-type: application/x-www-form-urlencoded",
            `x-slack-request-timestamp: ${Math.floor(Date.now() / 1000)}`,
            "x-slack-signature: v0=0",
          ]
        : [
            "content-type: application/json",
            "x-github-event: push",
            `x-github-delivery: ${crypto.randomUUID()}`,
            `x-hub-signature-256: sha256=${"0".repeat(64)}`,
          ]),
      chunked ? "transfer-encoding: chunked" : `content-length: ${options.declaredBytes}`,
    ];
    const answered = () => /\r\n\r\n/.test(answer);
    const finish = () => {
      const [status = "", ...rest] = answer.split("\r\n");
      const body = rest.join("\r\n").split("\r\n\r\n").slice(1).join("");
      socket.destroy();
      resolve({ status: Number(status.split(" ")[1]), body, sentBytes });
    };
    socket.on("data", (data: Buffer) => {
      answer += data.toString();
    });
    let reset = false;
    socket.on("close", () => {
      if (answered()) finish();
      else
        reject(reset ? new ResetBeforeAnswer("reset before the answer") : new Error("no answer"));
    });
    // The server hangs up on a refused body: "close" decides.
    socket.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ECONNRESET" || error.code === "EPIPE") reset = true;
    });
    const chunk = Buffer.alloc(1024 * 1024, "a");
    const writeMore = () => {
      while (!answered() && !socket.destroyed && sentBytes < options.sendBytes) {
        const size = Math.min(chunk.length, options.sendBytes - sentBytes);
        sentBytes += size;
        const data = chunk.subarray(0, size);
        const framed = chunked ? [`${size.toString(16)}\r\n`, data, "\r\n"] : [data];
        let flowing = true;
        for (const part of framed) flowing = socket.write(part) && flowing;
        if (!flowing) return void socket.once("drain", writeMore);
      }
      if (chunked && !answered() && !socket.destroyed) socket.write("0\r\n\r\n");
    };
    socket.write(`${head.join("\r\n")}\r\n\r\n`, writeMore);
  });
}
