// A Slack user talking to the app's HTTP server: signed `/coxswain` commands and button clicks
// on a run's message, and the answer each gets at its response URL (caught by the Slack double).
import { createHmac } from "node:crypto";
import { type SlackMock, slackOrigin } from "./slack-mock.ts";

export const slackSigningSecret = "slack-signing-secret";

let requests = 0;

export class SlackUser {
  readonly #base: string;
  readonly #slack: SlackMock;

  /** `base`: the app's HTTP server, e.g. http://127.0.0.1:PORT. */
  constructor(base: string, slack: SlackMock) {
    this.#base = base;
    this.#slack = slack;
  }

  /** POSTs a signed body to /slack/events (signed with `secret`). */
  post(body: string, secret = slackSigningSecret): Promise<Response> {
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
    return fetch(`${this.#base}/slack/events`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-slack-request-timestamp": String(timestamp),
        "x-slack-signature": signature,
      },
      body,
    });
  }

  /** Sends `/coxswain <text>` from `user`; `answer()` waits for what comes to its response URL. */
  async command(text: string, user = "U0ALICE", secret = slackSigningSecret) {
    const n = ++requests;
    const body = new URLSearchParams({
      token: "legacy",
      team_id: "T0TEAM",
      channel_id: "C0RUNS",
      user_id: user,
      command: "/coxswain",
      text,
      response_url: `${slackOrigin}/respond/${n}`,
      trigger_id: `trigger-${n}`,
    }).toString();
    const response = await this.post(body, secret);
    return { status: response.status, answer: () => this.answerTo(n) };
  }

  /** Clicks a button of a run's message and waits for the answer. */
  async click(actionId: string, value: string, user = "U0ALICE") {
    const n = ++requests;
    const payload = {
      type: "block_actions",
      team: { id: "T0TEAM" },
      user: { id: user },
      api_app_id: "A0APP",
      token: "legacy",
      trigger_id: `trigger-${n}`,
      response_url: `${slackOrigin}/respond/${n}`,
      container: { type: "message", message_ts: "1.0", channel_id: "C0RUNS" },
      channel: { id: "C0RUNS" },
      message: { ts: "1.0", text: "run" },
      actions: [{ type: "button", action_id: actionId, block_id: "b", value, action_ts: `${n}.0` }],
    };
    const response = await this.post(
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
    );
    if (response.status !== 200) throw new Error(`Slack's click answered ${response.status}`);
    return this.answerTo(n);
  }

  async answerTo(n: number) {
    const url = `${slackOrigin}/respond/${n}`;
    const deadline = Date.now() + 10_000;
    for (;;) {
      const found = this.#slack.responses.find((r) => r.url === url);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no answer at ${url}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}
