// What coxswain says back to a person, whatever channel shows it: words coxswain wrote, values
// that came from outside (a name, what someone typed, a problem quoting it) and code. Each
// channel renders it (markdownOf here, mrkdwnOf for Slack), escaping values for its syntax.
import { code, escapeMarkdown } from "./markdown.ts";

export type MessagePart = string | { value: string } | { code: string };
export type Message = readonly MessagePart[];

type Interpolated = string | number | MessagePart | Message;

/**
 * say`${runName} started at ${codeOf(sha)}`: the literal text is coxswain's own, each
 * interpolated string is a value (shown as typed, never as markup).
 */
export function say(literals: TemplateStringsArray, ...values: Interpolated[]): Message {
  const parts: MessagePart[] = [];
  literals.forEach((literal, index) => {
    if (literal) parts.push(literal);
    if (index < values.length) parts.push(...partsOf(values[index] as Interpolated));
  });
  return parts;
}

export function codeOf(text: string): MessagePart {
  return { code: text };
}

/** Text from elsewhere, as a message of its own. */
export function plain(text: string): Message {
  return [{ value: text }];
}

/** Messages one per line. */
export function lines(messages: readonly Message[]): Message {
  return messages.flatMap((message, index) => (index === 0 ? message : ["\n", ...message]));
}

export function markdownOf(message: Message): string {
  return message
    .map((part) => {
      if (typeof part === "string") return part;
      if ("code" in part) return code(part.code);
      // escapeMarkdown trims (for emphasis around it); a value keeps the spaces it came with.
      return part.value
        .split("\n")
        .map((line) => {
          const [, lead = "", core = "", trail = ""] = /^(\s*)(.*?)(\s*)$/s.exec(line) ?? [];
          return `${lead}${escapeMarkdown(core)}${trail}`;
        })
        .join("\n");
    })
    .join("");
}

function partsOf(value: Interpolated): MessagePart[] {
  if (typeof value === "number") return [String(value)];
  if (typeof value === "string") return [{ value }];
  if (Array.isArray(value)) return [...value];
  return [value as MessagePart];
}
