// Slack's Web API (at a configured base URL) and the response URLs of commands and buttons,
// intercepted with nock. Every call is recorded; `down` makes the next calls fail as in an
// outage. The Web API client posts forms, with blocks and metadata as JSON fields.
import nock from "nock";

export const slackOrigin = "https://slack.test";
export const slackApiUrl = `${slackOrigin}/api/`;

export interface SlackPost {
  channel: string;
  ts: string;
  text: string;
  blocks: Array<Record<string, unknown>>;
  thread_ts?: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

export class SlackMock {
  readonly posts: SlackPost[] = [];
  readonly updates: Array<Omit<SlackPost, "metadata">> = [];
  /** What was sent to a command's or button's response URL. */
  readonly responses: Array<{ url: string; text: string; response_type?: string }> = [];
  /** Every Web API method called, in order (failed calls included). */
  readonly calls: string[] = [];
  /** The next this-many Web API calls answer 503. */
  down = 0;
  /** Where `apps.connections.open` sends a Socket Mode client. */
  socketUrl = "";
  readonly #groups = new Map<string, string[]>();
  #ts = 1_700_000_000;
  readonly #scope: nock.Scope;

  constructor(channelId = "C0RUNS") {
    this.#scope = nock(slackOrigin).persist();
    this.#scope.post(/^\/api\/[\w.]+$/).reply(async (request: Request) => {
      const method = new URL(request.url).pathname.replace("/api/", "");
      this.calls.push(method);
      if (this.down > 0) {
        this.down--;
        return [503, "upstream unavailable"];
      }
      const form = Object.fromEntries(new URLSearchParams(await request.text()));
      return [200, this.#answer(method, form, channelId)];
    });
    this.#scope.post(/^\/respond\/.+$/).reply(async (request: Request) => {
      const body = (await request.json()) as { text: string; response_type?: string };
      this.responses.push({ url: request.url, ...body });
      return [200, "ok"];
    });
  }

  groupMembers(group: string, users: string[]): this {
    this.#groups.set(group, users);
    return this;
  }

  #answer(method: string, form: Record<string, string>, channelId: string) {
    const json = (field: string) => (form[field] ? JSON.parse(form[field]) : undefined);
    switch (method) {
      case "chat.postMessage": {
        const post: SlackPost = {
          channel: channelId,
          ts: `${this.#ts++}.000100`,
          text: form.text ?? "",
          blocks: json("blocks") ?? [],
          ...(form.thread_ts ? { thread_ts: form.thread_ts } : {}),
          ...(form.metadata ? { metadata: json("metadata") } : {}),
        };
        this.posts.push(post);
        return { ok: true, channel: post.channel, ts: post.ts };
      }
      case "chat.update":
        this.updates.push({
          channel: form.channel ?? "",
          ts: form.ts ?? "",
          text: form.text ?? "",
          blocks: json("blocks") ?? [],
        });
        return { ok: true, channel: form.channel, ts: form.ts };
      case "conversations.replies": {
        const thread = this.posts.filter((p) => p.thread_ts === form.ts || p.ts === form.ts);
        return {
          ok: true,
          messages: thread.map((p) => ({ ts: p.ts, text: p.text, metadata: p.metadata })),
        };
      }
      case "apps.connections.open":
        return { ok: true, url: this.socketUrl };
      case "auth.test":
        return { ok: true, team_id: "T0TEAM", user_id: "U0COXSWAIN", bot_id: "B0COXSWAIN" };
      case "usergroups.users.list":
        return { ok: true, users: this.#groups.get(form.usergroup ?? "") ?? [] };
      default:
        return { ok: false, error: "unknown_method" };
    }
  }
}
