// Slack's mrkdwn: the three characters it reserves are escaped; text blocks have size limits.
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

export function mentionOf(id: string): string {
  return id.startsWith("S") ? `<!subteam^${id}>` : `<@${id}>`;
}

export function link(url: string, label: string): string {
  return `<${url}|${slackEscape(label)}>`;
}
