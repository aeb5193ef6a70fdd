// The server policy's Slack part: where runs are announced by default, which channels a
// repository may pick, and who a Slack user is on GitHub (one permission policy for PR
// commands and Slack: a Slack user may do what that GitHub login may do).
import { z } from "zod";

export const slackUserId = /^[UW][A-Z0-9]{2,}$/;
export const slackUserGroupId = /^S[A-Z0-9]{2,}$/;
const githubLogin = z
  .string()
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, "must be a GitHub login")
  .describe("the GitHub login whose permission on a repository applies");

export const slackPolicySchema = z
  .object({
    defaultChannel: z
      .string()
      .min(1)
      .optional()
      .describe(
        "channel for the runs of repositories that name none (an id such as C0123, or #name)",
      ),
    channels: z
      .array(z.string().min(1))
      .optional()
      .describe("channels a repository may name; unset: any channel the app is in"),
    users: z
      .array(
        z
          .object({
            slack: z.string().regex(slackUserId, "must be a Slack user id such as U0123ABC"),
            github: githubLogin,
          })
          .strict(),
      )
      .default([])
      .describe("Slack users and the GitHub login each acts as"),
    userGroups: z
      .array(
        z
          .object({
            slack: z
              .string()
              .regex(slackUserGroupId, "must be a Slack user group id such as S0123ABC"),
            github: githubLogin,
          })
          .strict(),
      )
      .default([])
      .describe("Slack user groups whose members act as a GitHub login (a user's own entry wins)"),
  })
  .strict();

export type SlackPolicy = z.infer<typeof slackPolicySchema>;
