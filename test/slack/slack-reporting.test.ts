// Runs announced in Slack by the reporter: one message per run, updated in place; a thread
// reply with the failed step, its log and the people to mention, posted once; Slack being
// down neither holds up GitHub's reports nor loses or doubles Slack's.
import { webApi } from "@slack/bolt";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ArgoObject } from "../../app/cluster/argo-kinds.ts";
import { type RunReporting, startRunReporting } from "../../app/server/run-reporting.ts";
import { argoFor, clockAt, runUpTo } from "../support/argo-runs.ts";
import { loopbackTarget } from "../support/cluster-target.ts";
import { failStep } from "../support/failed-run.ts";
import { workflowTemplate } from "../support/pipelines.ts";
import { commentOnPullRequest } from "../support/pull-request-comment.ts";
import { SlackMock as Slack, type SlackMock, slackApiUrl } from "../support/slack-mock.ts";
import { type SyncFixture, startSyncFixture } from "../support/sync-fixture.ts";

let target: Awaited<ReturnType<typeof loopbackTarget>>;
let f: SyncFixture;
let slack: SlackMock;
let reporting: RunReporting | undefined;
let headSha: string;
let baseSha: string;

beforeAll(async () => {
  target = await loopbackTarget();
});
afterAll(() => target.close());
beforeEach(async () => {
  f = await startSyncFixture(target, { policyYaml: "slack:\n  defaultChannel: C0RUNS\n" });
  slack = new Slack();
});
afterEach(async () => {
  reporting?.stop();
  reporting = undefined;
  await f.close();
});

/** A run of `train` started by /run on PR #7, with `config` as the repository's config. */
async function startRun(config = ""): Promise<ArgoObject> {
  baseSha = await f.origin.commit({
    ".github/coxswain.yml": config,
    "workflows/train.yaml": workflowTemplate("train"),
  });
  await f.origin.branch("change");
  headSha = await f.origin.commit({ "notes.md": "x" }, "notes", "change");
  await f.origin.pushPullRef(7, headSha);
  await commentOnPullRequest(f, {
    base: baseSha,
    head: headSha,
    body: "/run train",
    commentId: 1,
    startsRun: "train",
  });
  f.github.reporting(7);
  const [run] = await f.cluster.list("workflows", f.namespace);
  if (!run) throw new Error("no run");
  return run;
}

async function report(): Promise<void> {
  reporting = await startRunReporting(f.app.probot, f.deps, {
    intervalMs: 0,
    retryMs: 50,
    namespace: f.namespace,
    slack: new webApi.WebClient("xoxb-test", {
      slackApiUrl,
      retryConfig: { retries: 0 },
    }),
  });
}

async function until(what: string, condition: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const replies = () => slack.posts.filter((post) => post.thread_ts);
const messages = () => slack.posts.filter((post) => !post.thread_ts);
const text = (blocks: unknown) => JSON.stringify(blocks);

describe("runs in Slack", () => {
  it("posts one message per run and updates it in place as the run moves", async () => {
    const run = await startRun();
    const name = run.metadata.name;
    await report();
    await until("the run's message", () => messages().length === 1);
    const [message] = messages();
    expect(message?.channel).toBe("C0RUNS");
    expect(message?.text).toBe("⏳ train (acme/pipelines): Pending");
    expect(text(message?.blocks)).toContain(`\`${name}\` · acme/pipelines`);
    expect(text(message?.blocks)).toContain('"action_id":"coxswain_stop"');
    expect(text(message?.blocks)).toContain(`"value":"${f.namespace}/${name}"`);
    await until("the message recorded on the run", async () =>
      Boolean(
        (await f.cluster.get("workflows", f.namespace, name))?.metadata.annotations?.[
          "coxswain.dev/slack-message"
        ] === `C0RUNS/${message?.ts}`,
      ),
    );
    const clock = clockAt("2026-11-23T10:00:00Z");
    const argoRun = await argoFor(target, clock).load(f.namespace, name);
    await argoRun.start();
    clock.set("2026-11-23T10:03:00Z");
    await argoRun.finishAs("Succeeded");
    await until("the final update", () =>
      slack.updates.some((update) => update.text?.startsWith("✅ train")),
    );
    const last = slack.updates.at(-1);
    expect(last?.ts).toBe(message?.ts);
    expect(last?.text).toBe("✅ train (acme/pipelines): Succeeded · 2/2 steps · 3m 0s");
    expect(text(last?.blocks)).not.toContain("coxswain_stop");
    expect(text(last?.blocks)).toContain("coxswain_rerun");
    expect(messages()).toHaveLength(1);
    expect(replies()).toEqual([]);
  });

  it("answers a failed run in its thread with the failed step, its log and the people to mention, once", async () => {
    const run = await startRun("notifications:\n  slack:\n    mention: [U0ONCALL, S0MLTEAM]\n");
    await failStep(target, f.namespace, run.metadata.name, {
      log: "loading\nValueError: bad shape\n",
    });
    await report();
    await until("the failure reply", () => replies().length === 1);
    const [reply] = replies();
    expect(reply?.thread_ts).toBe(messages()[0]?.ts);
    expect(reply?.metadata).toEqual({
      event_type: "coxswain_run_failed",
      event_payload: { run: `${f.namespace}/${run.metadata.name}/0` },
    });
    const body = text(reply?.blocks);
    expect(body).toContain("<@U0ONCALL> <!subteam^S0MLTEAM> ❌ *train*");
    expect(body).toContain("Failed step: `train` — main: Error (exit code 1)");
    expect(body).toContain("ValueError: bad shape");
    expect(text(messages()[0]?.blocks)).toContain("coxswain_logs");

    // A restart before the notified phase was recorded finds the reply and does not post again.
    reporting?.stop();
    await f.cluster.patchForeign("workflows", f.namespace, run.metadata.name, {
      metadata: { annotations: { "coxswain.dev/slack-notified-phase": null } },
    });
    await report();
    await until(
      "the reply looked for",
      () => slack.calls.filter((call) => call === "conversations.replies").length === 2,
    );
    await reporting?.drain();
    expect(replies()).toHaveLength(1);
  });

  it("delivers a failure after Slack recovers, once, while GitHub is reported on time", async () => {
    const run = await startRun();
    slack.down = 1_000_000;
    await failStep(target, f.namespace, run.metadata.name, { log: "boom\n" });
    await report();
    await until("GitHub's exit notification", () =>
      f.github.comments.some((comment) => comment.body.includes("<!-- coxswain:exit:")),
    );
    await until("Slack tried", () => slack.calls.length >= 2);
    expect(slack.posts).toEqual([]);
    slack.down = 0;
    await until("the message and its reply", () => replies().length === 1);
    await reporting?.drain();
    await until("the notified phase recorded", async () =>
      Boolean(
        (await f.cluster.get("workflows", f.namespace, run.metadata.name))?.metadata.annotations?.[
          "coxswain.dev/slack-notified-phase"
        ] === "Failed",
      ),
    );
    expect(messages()).toHaveLength(1);
    expect(replies()).toHaveLength(1);
    expect(
      f.github.comments.filter((comment) => comment.body.includes("<!-- coxswain:exit:")),
    ).toHaveLength(1);
  });

  it("announces only the phases the repository asks for", async () => {
    const run = await startRun("notifications:\n  slack:\n    phases: [Failed, Error]\n");
    await report();
    await runUpTo(
      await argoFor(target, clockAt("2026-11-23T10:00:00Z")).load(f.namespace, run.metadata.name),
      "train",
    );
    await until("GitHub's progress", () =>
      f.github.checkRunUpdates.some((update) => update.body.status === "in_progress"),
    );
    await reporting?.drain();
    expect(slack.calls).toEqual([]);
    await failStep(target, f.namespace, run.metadata.name, { log: "boom\n" });
    await until("the failure reply", () => replies().length === 1);
    expect(messages()).toHaveLength(1);
    expect(messages()[0]?.text).toBe("❌ train (acme/pipelines): Failed · 1/2 steps · 2m 0s");
  });
});
