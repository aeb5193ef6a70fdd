// Socket Mode, for clusters without public ingress: coxswain asks Slack's Web API (at the
// configured base URL) for a connection, connects out, acknowledges each envelope and answers
// the command. Slack's side is a local WebSocket server speaking Socket Mode's envelopes.
import { createServer } from "node:net";
import { pino } from "pino";
import { Probot, ProbotOctokit, Server } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type WebSocket, WebSocketServer } from "ws";
import { serverApp } from "../../app/server/server-app.ts";
import type { SlackApp } from "../../app/slack/slack-app.ts";
import { type ClusterTarget, loopbackTarget } from "../support/cluster-target.ts";
import { testPrivateKey } from "../support/probot-harness.ts";
import { SlackMock, slackApiUrl, slackOrigin } from "../support/slack-mock.ts";
import { type SyncFixture, startSyncFixture } from "../support/sync-fixture.ts";

let target: ClusterTarget;
let f: SyncFixture;
let slack: SlackMock;
let sockets: WebSocketServer;
let server: Server;
let slackApp: SlackApp | undefined;
const received: unknown[] = [];
let connected: Promise<WebSocket>;

beforeEach(async () => {
  target = await loopbackTarget();
  f = await startSyncFixture(target);
  slack = new SlackMock();
  sockets = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise((resolve) => sockets.once("listening", resolve));
  slack.socketUrl = `ws://127.0.0.1:${(sockets.address() as { port: number }).port}/link`;
  connected = new Promise((resolve) =>
    sockets.once("connection", (socket) => {
      socket.on("message", (data) => received.push(JSON.parse(String(data))));
      socket.send(JSON.stringify({ type: "hello", num_connections: 1 }));
      resolve(socket);
    }),
  );
  server = new Server({
    host: "127.0.0.1",
    port: await freePort(),
    log: pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" }),
    Probot: Probot.defaults({
      appId: 1,
      privateKey: testPrivateKey,
      secret: "webhook-secret",
      Octokit: ProbotOctokit.defaults((o: Record<string, unknown>) => ({
        ...o,
        retry: { enabled: false },
        throttle: { ...(o.throttle as object), enabled: false },
      })),
    }),
  });
  await server.load(
    serverApp(f.deps, {
      slack: {
        botToken: "xoxb-test",
        appToken: "xapp-test",
        socketMode: true,
        apiUrl: slackApiUrl,
      },
      slackClientRetries: 0,
      started: (parts) => {
        slackApp = parts.slack;
      },
    }),
  );
  await server.start();
});

afterEach(async () => {
  await slackApp?.stop();
  await server.stop();
  await new Promise((resolve) => sockets.close(resolve));
  await f.close();
  await target.close();
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

describe("Slack over Socket Mode", () => {
  it("connects out through the configured API, acknowledges a command and answers it", async () => {
    const socket = await connected;
    expect(slack.calls).toContain("apps.connections.open");
    socket.send(
      JSON.stringify({
        envelope_id: "envelope-1",
        type: "slash_commands",
        accepts_response_payload: true,
        payload: {
          token: "legacy",
          team_id: "T0TEAM",
          channel_id: "C0RUNS",
          user_id: "U0ALICE",
          command: "/coxswain",
          text: "help",
          response_url: `${slackOrigin}/respond/socket-1`,
          trigger_id: "trigger-socket-1",
        },
      }),
    );
    const deadline = Date.now() + 10_000;
    // The answer (in process) can come before the acknowledgement (over the socket).
    while ((slack.responses.length === 0 || received.length === 0) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(received).toContainEqual(expect.objectContaining({ envelope_id: "envelope-1" }));
    expect(slack.responses[0]).toMatchObject({ response_type: "ephemeral" });
    expect(slack.responses[0]?.text).toContain("`/coxswain status <owner/repo>`");
  });
});
