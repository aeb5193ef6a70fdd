// The thread reply under a failed run's message: who should look, the failed step and its
// message, and the last lines of its log (masked when it was kept).
import type { types } from "@slack/bolt";
import type { RunStatus } from "../../runs/run-status.ts";
import { type StepLog, withMaskedMessage } from "../../runs/step-log.ts";
import { duration } from "../durations.ts";
import { iconOf } from "../phase-icons.ts";
import { sentence } from "../sentence.ts";
import type { SlackMessage } from "./render-run-message.ts";
import { mentionsOf, sectionTextLimit, slackEscape, tailOf } from "./slack-text.ts";

/** Marks the reply in Slack's message metadata, so it is never posted twice. */
export const failureReplyEvent = "coxswain_run_failed";

export function failureReplyKey(run: RunStatus): string {
  return `${run.namespace}/${run.name}/${run.retries}`;
}

export function renderFailureReply(
  given: RunStatus,
  mention: readonly string[],
  failedLog?: StepLog,
): SlackMessage & { metadata: { event_type: string; event_payload: { run: string } } } {
  const run = withMaskedMessage(given, failedLog);
  const who = mentionsOf(mention);
  const [failed] = run.failedSteps;
  const took = duration(run.startedAt, run.finishedAt) || "0s";
  const headline = `${who ? `${who} ` : ""}${iconOf(run.phase)} *${slackEscape(run.template)}* \`${slackEscape(run.name)}\` ${run.phase === "Error" ? "ended in an error" : "failed"} after ${took}.`;
  const blocks: types.KnownBlock[] = [
    { type: "section", text: { type: "mrkdwn", text: headline } },
  ];
  if (failed) {
    blocks.push({
      type: "section",
      text: {
        type: "mrkdwn",
        text: `Failed step: \`${slackEscape(failed.displayName)}\`${failed.message ? ` — ${slackEscape(failed.message.slice(0, 1000))}` : ""}`,
      },
    });
  } else if (run.message) {
    blocks.push({
      type: "section",
      text: { type: "mrkdwn", text: `> ${slackEscape(run.message.slice(0, 1000))}` },
    });
  }
  if (failed && failedLog?.step === failed.name && failedLog.unavailable) {
    blocks.push({
      type: "section",
      text: {
        type: "mrkdwn",
        text: `Its log could not be read: ${slackEscape(sentence(failedLog.unavailable.slice(0, 1000)))}`,
      },
    });
  } else if (failed && failedLog?.step === failed.name && failedLog.text.trim()) {
    const room = sectionTextLimit - 40;
    blocks.push({
      type: "section",
      text: {
        type: "mrkdwn",
        text: `Last lines of its log:\n\`\`\`${tailOf(slackEscape(failedLog.text.trimEnd()), room)}\`\`\``,
      },
    });
  }
  return {
    text: slackEscape(
      `${run.template} ${run.name} failed${failed ? ` at ${failed.displayName}` : ""}`,
    ),
    blocks,
    metadata: { event_type: failureReplyEvent, event_payload: { run: failureReplyKey(run) } },
  };
}
