// Reports runs in Slack: one message per run in the repository's channel, posted when the run
// first reaches a phase the repository asked for and updated in place after that; when a run
// fails, a thread reply with the failed step, its log tail and the people to mention, marked
// in the message metadata so it is posted once whatever restarts in between.
import type { webApi } from "@slack/bolt";
import type { ArgoCluster } from "../cluster/argo-cluster.ts";
import type { ArgoObject } from "../cluster/argo-kinds.ts";
import { annotationKeys } from "../cluster/labels.ts";
import type { NotifyPhase, SlackNotify } from "../config/notifications-config.ts";
import {
  failureReplyEvent,
  failureReplyKey,
  renderFailureReply,
} from "../report/slack/render-failure-reply.ts";
import { renderRunMessage } from "../report/slack/render-run-message.ts";
import type { MessageLinks } from "../report/slack/run-links.ts";
import { type RunSigner, sealedPointer, sealedPointers } from "../runs/run-identity.ts";
import type { RunPhase } from "../runs/run-status.ts";
import { keptFailedLog } from "../runs/step-log.ts";
import type { RunReportSink } from "../watch/run-reporter.ts";

type WebClient = webApi.WebClient;

interface PostedMessage {
  channel: string;
  ts: string;
}

export function slackRunReportSink(
  client: WebClient,
  cluster: ArgoCluster,
  signer: RunSigner,
  links: MessageLinks,
): RunReportSink {
  // The message of each run posted by this process: the annotation naming it may not have come
  // back through the watch yet, and a second post must never happen.
  const posted = new Map<string, PostedMessage>();
  const recorded = (workflow: ArgoObject) =>
    sealedPointer(signer, workflow, annotationKeys.slackMessage);
  const messageOf = (workflow: ArgoObject) =>
    posted.get(keyOf(workflow)) ?? parseMessage(recorded(workflow));

  return {
    async progress(workflow, run) {
      const notify = notifyOf(workflow);
      if (!notify) return;
      const message = renderRunMessage(workflow, run, links);
      const known = messageOf(workflow);
      if (known) {
        await client.chat.update({ channel: known.channel, ts: known.ts, ...message });
        if (!recorded(workflow)) await recordMessage(cluster, signer, workflow, known);
        return;
      }
      if (!notify.phases.includes(notifyPhaseOf(run.phase))) return;
      const sent = await client.chat.postMessage({
        channel: notify.channel,
        ...message,
        unfurl_links: false,
        unfurl_media: false,
      });
      if (!sent.channel || !sent.ts) throw new Error("Slack answered chat.postMessage without ts");
      const record = { channel: sent.channel, ts: sent.ts };
      posted.set(keyOf(workflow), record);
      await recordMessage(cluster, signer, workflow, record);
    },
    async notifyExit(workflow, run) {
      const notify = notifyOf(workflow);
      const known = messageOf(workflow);
      if (!notify || !known || run.phase === "Succeeded") return;
      const reply = renderFailureReply(run, notify.mention, keptFailedLog(workflow));
      const thread = await client.conversations.replies({
        channel: known.channel,
        ts: known.ts,
        include_all_metadata: true,
        limit: 200,
      });
      const already = (thread.messages ?? []).some(
        (m) =>
          m.metadata?.event_type === failureReplyEvent &&
          (m.metadata.event_payload as { run?: unknown } | undefined)?.run === failureReplyKey(run),
      );
      if (already) return;
      await client.chat.postMessage({
        channel: known.channel,
        thread_ts: known.ts,
        ...reply,
        unfurl_links: false,
      });
    },
  };
}

function notifyOf(workflow: ArgoObject): SlackNotify | undefined {
  const raw = workflow.metadata.annotations?.[annotationKeys.slackNotify];
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(raw) as Partial<SlackNotify>;
    if (typeof parsed.channel !== "string" || !Array.isArray(parsed.phases)) return undefined;
    return { channel: parsed.channel, phases: parsed.phases, mention: parsed.mention ?? [] };
  } catch {
    return undefined;
  }
}

/** A run that has just started (Pending) is announced with the Running ones. */
function notifyPhaseOf(phase: RunPhase): NotifyPhase {
  return phase === "Pending" ? "Running" : phase;
}

function parseMessage(value: string | undefined): PostedMessage | undefined {
  const [channel, ts] = value?.split("/") ?? [];
  return channel && ts ? { channel, ts } : undefined;
}

async function recordMessage(
  cluster: ArgoCluster,
  signer: RunSigner,
  workflow: ArgoObject,
  message: PostedMessage,
): Promise<void> {
  const namespace = workflow.metadata.namespace ?? "";
  const annotations = sealedPointers(signer, namespace, workflow.metadata.name, {
    [annotationKeys.slackMessage]: `${message.channel}/${message.ts}`,
  });
  await cluster.mergePatch("Workflow", namespace, workflow.metadata.name, {
    metadata: { annotations },
  });
}

function keyOf(workflow: ArgoObject): string {
  return `${workflow.metadata.namespace}/${workflow.metadata.name}`;
}
