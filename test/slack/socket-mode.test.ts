import type { Server } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type WebSocket, WebSocketServer } from "ws";
import { serverApp } from "../../app/server/server-app.ts";
import type { SlackApp } from "../../app/slack/slack-app.ts";
import { type ClusterTarget, loopbackTarget } from "../support/cluster-target.ts";
import { SlackMock, slackApiUrl, slackOrigin } from "../support/slack-mock.ts";
import { type SyncFixture, startSyncFixture } from "../support/sync-fixture.ts";
import { startTestServer } from "../support/test-server.ts";

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
  ({ server } = await startTestServer(
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
  ));
});

afterEach(async () => {
  await slackApp?.stop();
  await server.stop();
  await new Promise((resolve) => sockets.close(resolve));
  await f.close();
  await target.close();
});

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
