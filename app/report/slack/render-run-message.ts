// A run's Slack message, updated in place as the run moves: pipeline, repository, trigger and
// actor, commit or pull request, phase and progress; when it ends, the result, duration and
// outputs. Buttons act on the run (Rerun, Retry failed steps, Stop, Logs) or open it elsewhere.
import type { types } from "@slack/bolt";
import type { ArgoObject } from "../../cluster/argo-kinds.ts";
import { annotationKeys, labelKeys } from "../../cluster/labels.ts";
import type { RunStatus } from "../../runs/run-status.ts";
import { keptFailedLog, withMaskedMessage } from "../../runs/step-log.ts";
import { iconOf } from "../phase-icons.ts";
import { runHeadline } from "../render-run-report.ts";
import { type MessageLinks, runLinks } from "./run-links.ts";
import { link, mentionOf, slackEscape } from "./slack-text.ts";

export interface SlackMessage {
  /** The notification text (what Slack shows in a push notification or without blocks). */
  text: string;
  blocks: types.KnownBlock[];
}

/** The ids of the buttons, which the Slack app's action handlers listen for. */
export const runActionIds = {
  rerun: "coxswain_rerun",
  retry: "coxswain_retry",
  stop: "coxswain_stop",
  logs: "coxswain_logs",
} as const;

/** A button's value: which run it acts on. */
export function runRef(run: { namespace: string; name: string }): string {
  return `${run.namespace}/${run.name}`;
}

export function renderRunMessage(
  workflow: ArgoObject,
  given: RunStatus,
  links: MessageLinks,
): SlackMessage {
  const run = withMaskedMessage(given, keptFailedLog(workflow));
  const labels = workflow.metadata.labels ?? {};
  const annotations = workflow.metadata.annotations ?? {};
  const repo = annotations[annotationKeys.repoFullName] ?? "";
  const actor = annotations[annotationKeys.actor] ?? labels[labelKeys.actor] ?? "";
  const slackUser = annotations[annotationKeys.slackUser];
  const trigger = labels[labelKeys.trigger] ?? "";
  const where = runLinks(workflow, links);
  const title = `*${slackEscape(run.template)}* · \`${slackEscape(run.name)}\` · ${slackEscape(repo)}`;
  const context = [
    `${slackEscape(trigger)} by ${(slackUser && mentionOf(slackUser)) || slackEscape(`@${actor}`)}`,
    where.pullRequest ? `PR ${link(where.pullRequest.url, where.pullRequest.label)}` : "",
    where.commit ? `commit ${link(where.commit.url, where.commit.label)}` : "",
  ].filter(Boolean);
  const blocks: types.KnownBlock[] = [
    {
      type: "section",
      text: { type: "mrkdwn", text: `${title}\n*${slackEscape(runHeadline(run))}*` },
    },
    { type: "context", elements: [{ type: "mrkdwn", text: context.join(" · ") }] },
  ];
  if (run.finished && run.message && run.phase !== "Succeeded") {
    blocks.push({
      type: "section",
      text: { type: "mrkdwn", text: `> ${slackEscape(run.message.slice(0, 500))}` },
    });
  }
  if (run.outputs.length > 0) {
    blocks.push({
      type: "section",
      fields: run.outputs.slice(0, 10).map((output) => ({
        type: "mrkdwn" as const,
        text: `*${slackEscape(output.name)}*\n\`${slackEscape(output.value.slice(0, 100))}\``,
      })),
    });
  }
  blocks.push({ type: "actions", elements: buttonsFor(run, where) });
  return {
    text: `${iconOf(run.phase)} ${slackEscape(`${run.template} (${repo}): ${runHeadline(run).replace(/^\S+ /, "")}`)}`,
    blocks,
  };
}

function buttonsFor(run: RunStatus, where: ReturnType<typeof runLinks>): types.Button[] {
  const value = runRef(run);
  const failed = run.finished && run.phase !== "Succeeded";
  const buttons: types.Button[] = [
    { type: "button", action_id: runActionIds.rerun, text: plain("Rerun"), value },
  ];
  if (failed) {
    buttons.push({
      type: "button",
      action_id: runActionIds.retry,
      text: plain("Retry failed steps"),
      value,
    });
  }
  if (!run.finished) {
    buttons.push({
      type: "button",
      action_id: runActionIds.stop,
      text: plain("Stop"),
      style: "danger",
      value,
      confirm: {
        title: plain("Stop this run?"),
        text: plain(`${run.name} stops; its exit handler still runs.`),
        confirm: plain("Stop"),
        deny: plain("Keep running"),
      },
    });
  }
  if (run.failedSteps.length > 0) {
    buttons.push({ type: "button", action_id: runActionIds.logs, text: plain("Logs"), value });
  }
  const page = where.pullRequest ?? where.commit;
  if (page) {
    buttons.push({
      type: "button",
      action_id: "coxswain_open_github",
      text: plain("GitHub"),
      url: page.url,
    });
  }
  if (where.argo) {
    buttons.push({
      type: "button",
      action_id: "coxswain_open_argo",
      text: plain("Argo UI"),
      url: where.argo,
    });
  }
  // The run's record is written when it ends: until then its pipeline may have no page.
  if (where.history && run.finished) {
    buttons.push({
      type: "button",
      action_id: "coxswain_open_history",
      text: plain("Run history"),
      url: where.history,
    });
  }
  return buttons;
}

function plain(text: string): types.PlainTextElement {
  return { type: "plain_text", text };
}
