// Small helpers for text that goes into GitHub markdown.

/** Keeps user text from being read as markdown or HTML (pipes would also break a table). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]<>|]/g, (c) => `\\${c}`);
}

export function code(text: string): string {
  const fence = text.includes("`") ? "``" : "`";
  return `${fence}${text}${fence}`;
}
