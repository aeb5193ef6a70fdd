// The one way user text (names, messages, outputs, parameters, logs) goes into GitHub Markdown:
// it reads as the same characters, on one line, and cannot become HTML, a link, a heading, a
// table cell, a live @mention or a #reference.

/**
 * GitHub links a mention, a reference or a bare URL in text, not in code; a zero-width space
 * after `@`, `#`, `https` or `www` breaks it, as Renovate and Dependabot do for mentions.
 */
const zeroWidthSpace = "&#8203;";

/** As `@login` would be typed: a live mention only for what can be a GitHub login. */
const githubLogin = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;

/**
 * User text as inline Markdown: literal, on one line, trimmed (emphasis around it must not
 * start or end with a space), with mentions, references and bare URLs not live.
 */
export function escapeMarkdown(text: string): string {
  const escaped = oneLine(text)
    .trim()
    .replace(/[\\`*_{}[\]<>|~&]/g, (c) => `\\${c}`)
    // What would start a heading, a list or a rule where the text starts a line (a quote).
    .replace(/^([-+=#]|\d+(?=[.)]))/, "\\$1");
  return escaped.replace(
    /@(?=[A-Za-z0-9])|#(?=[0-9])|(?:https?|ftp)(?=:)|www(?=\.)/gi,
    (c) => `${c}${zeroWidthSpace}`,
  );
}

/** `@login` that notifies that person; anything that is not a login is shown as text. */
export function mention(login: string): string {
  return githubLogin.test(login) ? `@${login}` : escapeMarkdown(`@${login}`);
}

/**
 * User text as an inline code span: a fence longer than any run of backticks inside, padded
 * where CommonMark would otherwise read or strip the edges; `|` escaped inside a table cell
 * (GFM splits cells before it reads code spans), with a zero-width space after a backslash
 * before it.
 */
export function code(text: string, place: "text" | "table" = "text"): string {
  const line = oneLine(text);
  // In a table a backslash before an escaped pipe would escape the escape and end the cell.
  const inner =
    place === "table" ? line.replace(/\\(?=\|)/g, "\\\u200b").replaceAll("|", "\\|") : line;
  if (inner.trim() === "") return `\`${inner || " "}\``;
  const fence = "`".repeat(longestBacktickRun(inner) + 1);
  const padded = /^[ `]|[ `]$/.test(inner) ? ` ${inner} ` : inner;
  return `${fence}${padded}${fence}`;
}

/** A fenced code block whose fence is longer than any run of backticks inside it. */
export function codeBlock(text: string, language = ""): string {
  const fence = "`".repeat(Math.max(2, longestBacktickRun(text)) + 1);
  return `${fence}${language}\n${text}\n${fence}`;
}

function oneLine(text: string): string {
  return text.replace(/\r\n|[\r\n]/g, " ");
}

function longestBacktickRun(text: string): number {
  return Math.max(0, ...[...text.matchAll(/`+/g)].map((run) => run[0].length));
}
