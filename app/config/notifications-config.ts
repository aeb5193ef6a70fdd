// The repository config's `notifications`: the Slack channel its runs are announced in, which
// phases announce a run, and who is mentioned when one fails.
import { z } from "zod";
import type { SlackPolicy } from "./slack-policy.ts";
import { slackUserGroupId, slackUserId } from "./slack-policy.ts";

export const notifyPhases = ["Running", "Succeeded", "Failed", "Error"] as const;
export type NotifyPhase = (typeof notifyPhases)[number];

const mention = z.string().refine((id) => slackUserId.test(id) || slackUserGroupId.test(id), {
  message: "must be a Slack user id (U0123ABC) or user group id (S0123ABC)",
});

export const notificationsSchema = z
  .object({
    slack: z
      .object({
        channel: z
          .string()
          .min(1)
          .optional()
          .describe("channel for this repository's runs (default: the server policy's)"),
        phases: z
          .array(z.enum(notifyPhases))
          .min(1)
          .default([...notifyPhases])
          .describe(
            "a run gets its Slack message once it reaches one of these phases (Running covers a run that has just started)",
          ),
        mention: z
          .array(mention)
          .default([])
          .describe("Slack users or user groups mentioned in the reply to a failed run"),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type NotificationsConfig = z.infer<typeof notificationsSchema>;

/** Where a repository's runs go in Slack; undefined when nowhere. */
export interface SlackNotify {
  channel: string;
  phases: NotifyPhase[];
  mention: string[];
}

export type SlackNotifyResult =
  | { ok: true; slack: SlackNotify | undefined }
  | { ok: false; message: string };

export function slackNotifyOf(config: NotificationsConfig, policy: SlackPolicy): SlackNotifyResult {
  const channel = config.slack.channel ?? policy.defaultChannel;
  if (!channel) return { ok: true, slack: undefined };
  if (config.slack.channel && policy.channels && !policy.channels.includes(channel)) {
    return {
      ok: false,
      message: `${channel} is not a channel the server policy allows (allowed: ${policy.channels.join(", ")})`,
    };
  }
  return {
    ok: true,
    slack: { channel, phases: config.slack.phases, mention: config.slack.mention },
  };
}
