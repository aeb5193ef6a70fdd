// A message (report/message.ts) as Slack mrkdwn: values escaped, code in backticks (Slack's
// code spans cannot hold a backtick, so one inside is shown as a modifier letter apostrophe).
import type { Message } from "../message.ts";
import { slackEscape } from "./slack-text.ts";

export function mrkdwnOf(message: Message): string {
  return message
    .map((part) => {
      if (typeof part === "string") return part;
      if ("code" in part) return `\`${slackEscape(part.code.replaceAll("`", "ʼ"))}\``;
      return slackEscape(part.value);
    })
    .join("");
}
