// The Slack renderers, fed hostile text in every field a repository or a step controls: the only
// `<…>` in what is posted are the mentions the repository config allows (by Slack id) and the
// app's own links, and the reader sees the text as it was.
import { describe, expect, it } from "vitest";
import type { ArgoObject } from "../../app/cluster/argo-kinds.ts";
import { renderFailureReply } from "../../app/report/slack/render-failure-reply.ts";
import { renderRunMessage, type SlackMessage } from "../../app/report/slack/render-run-message.ts";
import { mentionsOf } from "../../app/report/slack/slack-text.ts";
import { hostileRun, hostileStrings } from "./hostile-strings.ts";

const links = { githubUrl: "https://github.example", argoUiUrl: "https://argo.example" };

const workflow = (text: string, slackUser = text): ArgoObject => ({
  apiVersion: "argoproj.io/v1alpha1",
  kind: "Workflow",
  metadata: {
    name: "train-1",
    namespace: "ml",
    labels: {
      "coxswain.dev/trigger": text,
      "coxswain.dev/commit": "abc1234",
      "coxswain.dev/pr": "7",
    },
    annotations: {
      "coxswain.dev/repo-full-name": `acme/${text}`,
      "coxswain.dev/actor": text,
      "coxswain.dev/slack-user": slackUser,
    },
  },
});

/** Every mrkdwn string of a message: the notification text and each block's text and fields. */
function mrkdwnOf(message: SlackMessage): string[] {
  const texts = [message.text];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) for (const item of value) walk(item);
    else if (value && typeof value === "object") {
      const object = value as Record<string, unknown>;
      if (object.type === "mrkdwn" && typeof object.text === "string") texts.push(object.text);
      for (const child of Object.values(object)) walk(child);
    }
  };
  walk(message.blocks);
  return texts;
}

/** The `<…>` Slack reads as a mention, a channel or a link, other than the allowed ones. */
function controlSequences(texts: string[], allowed: readonly string[]): string[] {
  const link = /^<https:\/\/(github|argo)\.example\/[^\s<>|]*\|[^<>]*>$/;
  return texts
    .flatMap((text) => [...text.matchAll(/<[^>]*>?/g)].map(([sequence]) => sequence))
    .filter((sequence) => !allowed.includes(sequence) && !link.test(sequence));
}

/** What Slack shows of mrkdwn text: its three escapes read back. */
const shown = (texts: string[]) =>
  texts.join("\n").replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");

const renderers: Record<string, (text: string) => SlackMessage> = {
  "the run message": (text) => renderRunMessage(workflow(text), hostileRun(text), links),
  "the failure reply": (text) =>
    renderFailureReply(hostileRun(text), [text, "U0ALICE"], { step: "train-1.a", text }),
};

describe.each(Object.entries(renderers))("%s, with hostile text", (_name, render) => {
  it.each(Object.entries(hostileStrings))("shows %s as text", (_what, text) => {
    const texts = mrkdwnOf(render(text));
    expect(controlSequences(texts, ["<@U0ALICE>"])).toEqual([]);
    expect(shown(texts)).toContain(text.replace(/\s+$/, ""));
  });
});

describe("mentions in Slack", () => {
  it("renders users and user groups from their ids and drops anything else", () => {
    expect(
      mentionsOf(["U0ALICE", "W0BOB", "S0ONCALL", "S1|x><!channel>", "<!here>", "u0alice", "@bob"]),
    ).toBe("<@U0ALICE> <@W0BOB> <!subteam^S0ONCALL>");
  });

  it("mentions the people the failure reply names, and no one a forged id tries to add", () => {
    const reply = renderFailureReply(hostileRun("train"), [
      "S1|x><!channel>",
      "S0ONCALL",
      "<@U666>",
    ]);
    const texts = mrkdwnOf(reply);
    expect(texts[1]).toMatch(/^<!subteam\^S0ONCALL> ❌ \*train\*/);
    expect(controlSequences(texts, ["<!subteam^S0ONCALL>"])).toEqual([]);
  });

  it("shows a Slack user that is not an id as text in the run message", () => {
    const message = renderRunMessage(
      workflow("comment", "U1><!channel>"),
      hostileRun("train"),
      links,
    );
    expect(controlSequences(mrkdwnOf(message), [])).toEqual([]);
    expect(shown(mrkdwnOf(message))).toContain("comment by @comment");
  });
});
