// Small helpers for text that goes into GitHub markdown.

/** Keeps user text from being read as markdown or HTML (pipes would also break a table). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]<>|]/g, (c) => `\\${c}`);
}

export function code(text: string): string {
  const fence = text.includes("`") ? "``" : "`";
  return `${fence}${text}${fence}`;
}

/** A fenced code block whose fence is longer than any run of backticks inside it. */
export function codeBlock(text: string, language = ""): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${language}\n${text}\n${fence}`;
}
