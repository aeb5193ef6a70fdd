// A failed step whose log could not be read: the exit notification and the Slack thread reply
// say so and why, instead of leaving the section out.
import { describe, expect, it } from "vitest";
import { renderExitNotification } from "../../app/report/render-exit-notification.ts";
import { renderFailureReply } from "../../app/report/slack/render-failure-reply.ts";
import { hostileRun } from "./hostile-strings.ts";

const run = hostileRun("train");
const kept = {
  step: "train-1.a",
  text: "",
  unavailable:
    'the log API answered 400: container "main" in pod "train-1-a" is waiting to start: ImagePullBackOff',
};

describe("a failed step whose log could not be read", () => {
  it("is said, with why, in the exit notification", () => {
    expect(renderExitNotification(run, kept)).toContain(
      'Its log could not be read: the log API answered 400: container "main" in pod "train-1-a" is waiting to start: ImagePullBackOff.',
    );
  });

  it("is said, with why, in the Slack thread reply", () => {
    const texts = renderFailureReply(run, [], kept).blocks.map((block) =>
      "text" in block ? (block.text as { text: string }).text : "",
    );
    expect(texts).toContain(
      'Its log could not be read: the log API answered 400: container "main" in pod "train-1-a" is waiting to start: ImagePullBackOff.',
    );
  });

  it("is left out when the log was read", () => {
    const read = { step: "train-1.a", text: "ValueError: bad shape\n" };
    expect(renderExitNotification(run, read)).not.toContain("could not be read");
    expect(renderExitNotification(run, read)).toContain("ValueError: bad shape");
  });
});
