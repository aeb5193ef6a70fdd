// Slack's mrkdwn: the one way user text goes into it, mentions only from Slack ids, links that
// cannot be broken out of, and the size limits of text blocks.
import { slackUserGroupId, slackUserId } from "../../config/slack-policy.ts";

/**
 * User text as mrkdwn: `&`, `<` and `>` escaped (Slack's rule), so it cannot become a mention
 * (`<!channel>`, `<!here>`, `<@U…>`, `<!subteam^…>`) or a link (`<url|text>`).
 */
export function slackEscape(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** A section's text may hold at most 3,000 characters. */
export const sectionTextLimit = 3000;

/** The last `limit` characters of a log (the end is what explains a failure). */
export function tailOf(text: string, limit: number): string {
  if (text.length <= limit) return text;
  return `…${text.slice(text.length - limit + 1)}`;
}

/** A user (U…, W…) or user group (S…) mention; anything else is no Slack id and is dropped. */
export function mentionOf(id: string): string {
  if (slackUserId.test(id)) return `<@${id}>`;
  if (slackUserGroupId.test(id)) return `<!subteam^${id}>`;
  return "";
}

/** Several mentions, space separated, leaving out what is not a Slack id. */
export function mentionsOf(ids: readonly string[]): string {
  return ids.map(mentionOf).filter(Boolean).join(" ");
}

export function link(url: string, label: string): string {
  return `<${linkTarget(url)}|${slackEscape(label)}>`;
}

/** A link's address: what would end it (`|`, `>`) or open another (`<`) percent-encoded. */
function linkTarget(url: string): string {
  return url.replace(/[<>|\s]/g, (c) => encodeURIComponent(c)).replaceAll("&", "&amp;");
}
