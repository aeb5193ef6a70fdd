// Slack's Web API (at a configured base URL) and the response URLs of commands and buttons,
// intercepted with nock. It records what coxswain sent, as sent, and answers as Slack does: a
// message can be updated, replied to or its thread read only by the channel and ts Slack gave
// it. A method or request no test declared fails the test (see DoubleViolations). `down` makes
// the next calls fail as in an outage. The Web API client posts forms, with blocks and
// metadata as JSON fields.
import nock from "nock";
import { DoubleViolations } from "./double-violations.ts";

export const slackOrigin = "https://slack.test";
export const slackApiUrl = `${slackOrigin}/api/`;

const team = "T0TEAM";
const botUser = "U0COXSWAIN";
const botId = "B0COXSWAIN";
const jsonArguments = new Set(["blocks", "attachments", "metadata"]);

/** A message as coxswain sent it (every argument, the JSON ones parsed), with its ts. */
export interface SentMessage {
  channel: string;
  ts: string;
  text?: string;
  blocks?: Array<Record<string, unknown>>;
  thread_ts?: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  [argument: string]: unknown;
}

type WebApiArguments = Record<string, unknown>;
type WebApiAnswer = { ok: true; [field: string]: unknown } | { ok: false; error: string };
type Method = (args: WebApiArguments) => WebApiAnswer;

export class SlackMock {
  /** Messages posted with `chat.postMessage`, in order, each with the ts it was given. */
  readonly posts: SentMessage[] = [];
  /** `chat.update` calls Slack accepted, as sent. */
  readonly updates: SentMessage[] = [];
  /** What was sent to a command's or button's response URL. */
  readonly responses: Array<{ url: string; text: string; response_type?: string }> = [];
  /** Every Web API method called, in order (refused and failed calls included). */
  readonly calls: string[] = [];
  /** The next this-many Web API calls answer 503. */
  down = 0;
  /** Where `apps.connections.open` sends a Socket Mode client; set it to declare that method. */
  socketUrl = "";
  readonly violations = new DoubleViolations("Slack's Web API double");
  readonly #channels: Map<string, Map<string, SentMessage>>;
  readonly #groups = new Map<string, string[]>();
  readonly #methods: Record<string, Method> = {
    "auth.test": () => ({
      ok: true,
      url: "https://acme.slack.test/",
      team: "Acme",
      user: "coxswain",
      team_id: team,
      user_id: botUser,
      bot_id: botId,
      is_enterprise_install: false,
    }),
    "chat.postMessage": (args) => this.#postMessage(args),
    "chat.update": (args) => this.#update(args),
    "conversations.replies": (args) => this.#replies(args),
    "usergroups.users.list": (args) => this.#groupMembersOf(args),
    "apps.connections.open": () => {
      if (this.socketUrl) return { ok: true, url: this.socketUrl };
      return this.#undeclared("apps.connections.open", "no test set slack.socketUrl");
    },
  };
  #nextTs = 1_700_000_000;

  /** `channels`: the channels the bot is in; posting anywhere else is answered `channel_not_found`. */
  constructor(channels: string[] = ["C0RUNS"]) {
    this.#channels = new Map(channels.map((channel) => [channel, new Map()]));
    this.violations.watchUnmatched(slackOrigin);
    const scope = nock(slackOrigin).persist();
    scope.post(/^\/api\/[\w.]+$/).reply(async (request: Request) => {
      const method = new URL(request.url).pathname.replace("/api/", "");
      this.calls.push(method);
      if (this.down > 0) {
        this.down--;
        return [503, "upstream unavailable"];
      }
      const args = await this.#argumentsOf(method, request);
      if (!args) return [200, { ok: false, error: "invalid_arguments" }];
      const answer = this.#methods[method];
      if (!answer) return [200, this.#undeclared(method, "no test declared it")];
      return [200, answer(args)];
    });
    scope.post(/^\/respond\/.+$/).reply(async (request: Request) => {
      const body = (await request.json()) as { text: string; response_type?: string };
      this.responses.push({ url: request.url, ...body });
      return [200, "ok"];
    });
  }

  /** Declares a user group and its members (asked of Slack by `usergroups.users.list`). */
  groupMembers(group: string, users: string[]): this {
    this.#groups.set(group, users);
    return this;
  }

  #postMessage(args: WebApiArguments): WebApiAnswer {
    const { channel, thread_ts: thread } = args;
    const messages = typeof channel === "string" ? this.#channels.get(channel) : undefined;
    if (typeof channel !== "string" || !messages) return { ok: false, error: "channel_not_found" };
    if (args.text === undefined && args.blocks === undefined) {
      return { ok: false, error: "no_text" };
    }
    if (thread !== undefined && (typeof thread !== "string" || !messages.has(thread))) {
      return { ok: false, error: "thread_not_found" };
    }
    const message: SentMessage = { ...args, channel, ts: `${this.#nextTs++}.000100` };
    this.posts.push(message);
    messages.set(message.ts, message);
    return { ok: true, channel, ts: message.ts, message: asSlackShowsIt(message) };
  }

  #update(args: WebApiArguments): WebApiAnswer {
    const found = this.#messageAt(args);
    if ("error" in found) return { ok: false, error: found.error };
    const sent: SentMessage = { ...args, channel: found.message.channel, ts: found.message.ts };
    this.updates.push(sent);
    const updated = { ...found.message, ...sent };
    this.#channels.get(sent.channel)?.set(sent.ts, updated);
    const { channel, ts, text } = updated;
    return { ok: true, channel, ts, text, message: asSlackShowsIt(updated) };
  }

  #replies(args: WebApiArguments): WebApiAnswer {
    const found = this.#messageAt(args);
    if ("error" in found) {
      return {
        ok: false,
        error: found.error === "message_not_found" ? "thread_not_found" : found.error,
      };
    }
    const parent = found.message.thread_ts ?? found.message.ts;
    const withMetadata = args.include_all_metadata === "true" || args.include_all_metadata === true;
    const thread = [...(this.#channels.get(found.message.channel)?.values() ?? [])].filter(
      (message) => message.ts === parent || message.thread_ts === parent,
    );
    return {
      ok: true,
      messages: thread.map((message) => asSlackShowsIt(message, withMetadata)),
      has_more: false,
      response_metadata: { next_cursor: "" },
    };
  }

  #groupMembersOf(args: WebApiArguments): WebApiAnswer {
    const users = typeof args.usergroup === "string" ? this.#groups.get(args.usergroup) : undefined;
    if (users) return { ok: true, users };
    return this.#undeclared(
      "usergroups.users.list",
      `no test declared user group ${String(args.usergroup)} (slack.groupMembers)`,
      "no_such_subteam",
    );
  }

  /** A message this double handed out a ts for, in the channel it was posted to. */
  #messageAt(args: WebApiArguments): { message: SentMessage } | { error: string } {
    const messages =
      typeof args.channel === "string" ? this.#channels.get(args.channel) : undefined;
    if (!messages) return { error: "channel_not_found" };
    const message = typeof args.ts === "string" ? messages.get(args.ts) : undefined;
    return message ? { message } : { error: "message_not_found" };
  }

  #undeclared(method: string, why: string, error = "unknown_method"): WebApiAnswer {
    this.violations.add(`${method}: ${why}`);
    return { ok: false, error };
  }

  async #argumentsOf(method: string, request: Request): Promise<WebApiArguments | undefined> {
    const body = await request.text();
    const json = request.headers.get("content-type")?.includes("application/json");
    const fields = json ? [] : [...new URLSearchParams(body)];
    try {
      if (json) return JSON.parse(body) as WebApiArguments;
      return Object.fromEntries(
        fields.map(([name, value]) => [name, jsonArguments.has(name) ? JSON.parse(value) : value]),
      );
    } catch {
      this.violations.add(`${method}: arguments that are not JSON: ${body}`);
      return undefined;
    }
  }
}

/** A message as Slack's answers show it: posted by the bot, metadata only when asked for. */
function asSlackShowsIt(message: SentMessage, withMetadata = true) {
  const { ts, text, blocks, thread_ts, metadata } = message;
  return {
    type: "message",
    user: botUser,
    bot_id: botId,
    team,
    ts,
    text: text ?? "",
    blocks,
    thread_ts,
    metadata: withMetadata ? metadata : undefined,
  };
}
