// The Slack side of coxswain, built on Bolt: the /coxswain command and the buttons on run
// messages. Over HTTP its requests arrive on the same server as GitHub's webhooks
// (`/slack/events`, signatures checked by Bolt); with Socket Mode it connects out to Slack.
import type { IncomingMessage, ServerResponse } from "node:http";
import { App, HTTPReceiver, LogLevel, SocketModeReceiver, type webApi } from "@slack/bolt";
import type { Logger } from "pino";
import { parseSlackCommand } from "../commands/parse-slack-command.ts";
import type { SlackSettings } from "../config/env.ts";
import { runActionIds } from "../report/slack/render-run-message.ts";
import {
  answerButton,
  answerCommand,
  type RunButton,
  type SlackReply,
  type SlackRequestPorts,
} from "./slack-requests.ts";

export const slackEventsPath = "/slack/events";

export interface SlackApp {
  client: webApi.WebClient;
  /** For the HTTP server: handles `/slack/events`, answers false for any other path. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
}

const buttons: Record<string, RunButton> = {
  [runActionIds.rerun]: "rerun",
  [runActionIds.retry]: "retry",
  [runActionIds.stop]: "stop",
  [runActionIds.logs]: "logs",
};

export const maxSlackBodyBytes = 1024 * 1024;

export function createSlackApp(
  settings: SlackSettings,
  ports: Omit<SlackRequestPorts, "identities"> & {
    identities: (client: webApi.WebClient) => SlackRequestPorts["identities"];
  },
  log: Logger,
  /** Times the Web API client retries a failed call (with backoff) before the caller sees it. */
  clientRetries = 5,
): SlackApp {
  const logger = boltLogger(log);
  const clientOptions = {
    ...(settings.apiUrl ? { slackApiUrl: settings.apiUrl } : {}),
    retryConfig: { retries: clientRetries, factor: 2, minTimeout: 1000, maxTimeout: 30_000 },
  };
  // Both receivers are built here so that Socket Mode, too, talks to the configured API URL.
  const receiver = settings.socketMode
    ? new SocketModeReceiver({
        appToken: settings.appToken ?? "",
        logger,
        installerOptions: { clientOptions },
      })
    : new HTTPReceiver({
        signingSecret: settings.signingSecret ?? "",
        endpoints: slackEventsPath,
        logger,
        // Read while streaming and refused with 413 before the signature check; Slack's
        // commands and button presses are a few kilobytes.
        bodyLimit: maxSlackBodyBytes,
      });
  const app = new App({
    token: settings.botToken,
    tokenVerificationEnabled: false,
    logger,
    clientOptions,
    receiver,
  });
  const requestPorts: SlackRequestPorts = { ...ports, identities: ports.identities(app.client) };

  const reply = async (
    respond: (message: {
      text: string;
      response_type: "ephemeral" | "in_channel";
      replace_original: false;
    }) => Promise<unknown>,
    work: () => Promise<SlackReply>,
  ) => {
    let answer: SlackReply;
    try {
      answer = await work();
    } catch (error) {
      log.error({ err: error }, "Slack request failed");
      answer = {
        text: `coxswain could not do that: ${error instanceof Error ? error.message : String(error)}`,
        inChannel: false,
      };
    }
    await respond({
      text: answer.text,
      response_type: answer.inChannel ? "in_channel" : "ephemeral",
      replace_original: false,
    });
  };

  app.command("/coxswain", async ({ command, ack, respond }) => {
    await ack();
    const who = { slackUser: command.user_id, triggerId: command.trigger_id };
    await reply(respond, async () => {
      const parsed = parseSlackCommand(command.text);
      if (!parsed.ok) return { text: parsed.message, inChannel: false };
      return answerCommand(parsed.command, who, requestPorts);
    });
  });

  for (const [actionId, button] of Object.entries(buttons)) {
    app.action(actionId, async ({ ack, body, action, respond }) => {
      await ack();
      const value = (action as { value?: string }).value ?? "";
      const who = {
        slackUser: body.user.id,
        triggerId:
          (body as { trigger_id?: string }).trigger_id ??
          `${body.user.id}:${(action as { action_ts?: string }).action_ts}`,
      };
      await reply(respond, () => answerButton(button, value, who, requestPorts));
    });
  }
  // Link buttons (GitHub, Argo UI) open in the browser; Slack still tells the app.
  app.action(/^coxswain_open_/, async ({ ack }) => {
    await ack();
  });

  return {
    client: app.client,
    handle(req, res) {
      if (!(receiver instanceof HTTPReceiver) || req.url?.split("?")[0] !== slackEventsPath)
        return false;
      void Promise.resolve(receiver.requestListener(req, res)).catch((error: unknown) => {
        log.error({ err: error }, "Slack request could not be handled");
        if (!res.headersSent) res.writeHead(500).end();
      });
      return true;
    },
    async start() {
      if (receiver instanceof SocketModeReceiver) await app.start();
    },
    async stop() {
      if (receiver instanceof SocketModeReceiver) await app.stop();
    },
  };
}

/** Bolt's logger interface over the app's pino logger (Bolt logs no request bodies). */
function boltLogger(log: Logger) {
  const child = log.child({ name: "slack" });
  let level = LogLevel.INFO;
  return {
    debug: (...msg: unknown[]) => child.debug(msg.map(String).join(" ")),
    info: (...msg: unknown[]) => child.info(msg.map(String).join(" ")),
    warn: (...msg: unknown[]) => child.warn(msg.map(String).join(" ")),
    error: (...msg: unknown[]) => child.error(msg.map(String).join(" ")),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
