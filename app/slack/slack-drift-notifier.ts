// Posts a drift the reconciler found to the repository's Slack channel (its runs' channel, from
// the default branch's config), if it has one.
import type { webApi } from "@slack/bolt";
import type { DriftNotice } from "../report/render-drift.ts";
import { driftMessage } from "../report/render-drift.ts";
import { mrkdwnOf } from "../report/slack/message-mrkdwn.ts";

export function slackDriftNotifier(client: webApi.WebClient) {
  return async (found: DriftNotice & { slack?: { channel: string } }): Promise<void> => {
    if (!found.slack) return;
    await client.chat.postMessage({
      channel: found.slack.channel,
      text: mrkdwnOf(driftMessage(found)),
      unfurl_links: false,
      unfurl_media: false,
    });
  };
}
