// The Slack and GitHub doubles refuse what the real services refuse and what no test declared,
// so a test that uses them can fail: through the real Slack client, and plain fetch for GitHub.
import { webApi } from "@slack/bolt";
import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GitHubMock } from "../support/github-mock.ts";
import { githubApi } from "../support/probot-harness.ts";
import { SlackMock, slackApiUrl } from "../support/slack-mock.ts";

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

const slackClient = () =>
  new webApi.WebClient("xoxb-test", { slackApiUrl, retryConfig: { retries: 0 } });

/** The error code Slack answered a refused call with. */
async function slackError(call: Promise<unknown>): Promise<string | undefined> {
  const error = await call.then(
    () => undefined,
    (e: { data?: { error?: string } }) => e,
  );
  return error?.data?.error;
}

describe("the Slack double", () => {
  it("records the channel, text, blocks, metadata and thread that were sent, with the ts it gave", async () => {
    const slack = new SlackMock(["C0RUNS", "C0OTHER"]);
    const client = slackClient();
    const blocks = [{ type: "section", text: { type: "mrkdwn", text: "*train*" } }];
    const sent = await client.chat.postMessage({ channel: "C0OTHER", text: "train", blocks });
    const metadata = { event_type: "coxswain_run_failed", event_payload: { run: "ns/train-1/0" } };
    await client.chat.postMessage({
      channel: "C0OTHER",
      text: "why",
      thread_ts: sent.ts,
      metadata,
    });
    expect(slack.posts).toEqual([
      { channel: "C0OTHER", ts: sent.ts, text: "train", blocks },
      { channel: "C0OTHER", ts: expect.any(String), text: "why", thread_ts: sent.ts, metadata },
    ]);
  });

  it("refuses a channel the bot is not in and a thread it never started", async () => {
    const slack = new SlackMock(["C0RUNS"]);
    const client = slackClient();
    expect(await slackError(client.chat.postMessage({ channel: "C0ELSE", text: "x" }))).toBe(
      "channel_not_found",
    );
    expect(
      await slackError(client.chat.postMessage({ channel: "C0RUNS", text: "x", thread_ts: "1.2" })),
    ).toBe("thread_not_found");
    expect(slack.posts).toEqual([]);
  });

  it("updates and reads only a message it handed out, in the channel it was posted to", async () => {
    const slack = new SlackMock(["C0RUNS", "C0OTHER"]);
    const client = slackClient();
    const { ts = "" } = await client.chat.postMessage({ channel: "C0RUNS", text: "⏳ train" });
    const wrongTs = client.chat.update({ channel: "C0RUNS", ts: `${ts}1`, text: "✅" });
    expect(await slackError(wrongTs)).toBe("message_not_found");
    const wrongChannel = client.chat.update({ channel: "C0OTHER", ts, text: "✅" });
    expect(await slackError(wrongChannel)).toBe("message_not_found");
    const unknownThread = client.conversations.replies({ channel: "C0RUNS", ts: "1.000100" });
    expect(await slackError(unknownThread)).toBe("thread_not_found");
    expect(slack.updates).toEqual([]);

    await client.chat.update({ channel: "C0RUNS", ts, text: "✅ train" });
    expect(slack.updates).toEqual([{ channel: "C0RUNS", ts, text: "✅ train" }]);
    const thread = await client.conversations.replies({ channel: "C0RUNS", ts });
    expect(thread.messages?.map((m) => m.text)).toEqual(["✅ train"]);
  });

  it("fails the test on a method, a user group or a request no test declared", async () => {
    const slack = new SlackMock();
    const client = slackClient();
    expect(
      await slackError(
        client.reactions.add({ channel: "C0RUNS", name: "eyes", timestamp: "1.000100" }),
      ),
    ).toBe("unknown_method");
    expect(await slackError(client.usergroups.users.list({ usergroup: "S0ML" }))).toBe(
      "no_such_subteam",
    );
    expect(await slackError(client.apps.connections.open())).toBe("unknown_method");
    await fetch(`${slackApiUrl}chat.postMessage`).catch(() => undefined);
    expect(slack.violations.take()).toEqual([
      "reactions.add: no test declared it",
      "usergroups.users.list: no test declared user group S0ML (slack.groupMembers)",
      "apps.connections.open: no test set slack.socketUrl",
      `GET ${slackApiUrl}chat.postMessage: no test declared this request`,
    ]);
  });
});

describe("the GitHub double", () => {
  const api = (method: string, path: string, body: unknown) =>
    fetch(`${githubApi}${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  it("answers a check-run update GitHub's schema refuses with a 422 and fails the test", async () => {
    const github = new GitHubMock("acme/pipelines").checkRun("coxswain/sync", "abc", 2);
    await api("POST", "/repos/acme/pipelines/check-runs", {
      name: "coxswain/sync",
      head_sha: "abc",
    });
    const refused = await api("PATCH", "/repos/acme/pipelines/check-runs/100", {
      status: "completed",
      output: { title: "done" },
    });
    expect(refused.status).toBe(422);
    const accepted = await api("PATCH", "/repos/acme/pipelines/check-runs/100", {
      status: "completed",
      conclusion: "success",
      output: { title: "done", summary: "all good" },
    });
    expect(accepted.status).toBe(200);
    expect(github.updates.map((u) => u.body.conclusion)).toEqual(["success"]);
    const [violation, ...more] = github.violations.take();
    expect(more).toEqual([]);
    expect(violation).toContain("(checks/update): body must have required property 'conclusion'");
    expect(violation).toContain("body/output must have required property 'summary'");
  });

  it("checks bodies on the interceptors a test adds to its scope, and undeclared requests", async () => {
    const github = new GitHubMock("acme/pipelines");
    github.scope.post("/repos/acme/pipelines/issues/7/comments").reply(201, { id: 1 });
    await api("POST", "/repos/acme/pipelines/issues/7/comments", { text: "no body field" });
    await api("POST", "/repos/acme/pipelines/issues/8/comments", { body: "x" }).catch(() => {});
    expect(github.violations.take()).toEqual([
      expect.stringContaining("(issues/create-comment): body must have required property 'body'"),
      `POST ${githubApi}/repos/acme/pipelines/issues/8/comments: no test declared this request`,
    ]);
  });
});
