// A run list in Slack (/coxswain status): a line per run, the newest first.
import type { Message } from "../message.ts";
import { iconOf } from "../phase-icons.ts";
import type { RunRow } from "../run-rows.ts";
import { mrkdwnOf } from "./message-mrkdwn.ts";
import { slackEscape } from "./slack-text.ts";

const listed = 10;

export function renderRunLines(of: Message, rows: readonly RunRow[]): string {
  const owner = mrkdwnOf(of);
  if (rows.length === 0) return `${owner} has no runs.`;
  const lines = rows.slice(0, listed).map((row) => {
    const took = row.took ? ` · ${row.took}` : "";
    const pruned = row.pruned ? " · pruned" : "";
    return `${iconOf(row.phase)} \`${slackEscape(row.name)}\` ${slackEscape(row.template)} · ${slackEscape(row.phase)}${took} · ${slackEscape(row.trigger)} by ${slackEscape(row.actor)}${pruned}`;
  });
  const more = rows.length > listed ? `\n…and ${rows.length - listed} older` : "";
  return `Runs of ${owner}, newest first:\n${lines.join("\n")}${more}`;
}
