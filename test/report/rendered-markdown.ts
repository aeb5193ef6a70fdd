// GitHub-flavoured Markdown rendered by a real CommonMark + GFM parser (micromark), raw HTML let
// through as GitHub's parser would pass it to its sanitiser, and what a reader sees of it.
import { micromark } from "micromark";
import { gfm, gfmHtml } from "micromark-extension-gfm";

export function renderMarkdown(markdown: string): string {
  return micromark(markdown, {
    allowDangerousHtml: true,
    extensions: [gfm()],
    htmlExtensions: [gfmHtml()],
  });
}

/** How many of each HTML element the rendered page has. */
export function elementCounts(html: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [, name] of html.matchAll(/<([A-Za-z][A-Za-z0-9-]*)/g))
    if (name) counts[name.toLowerCase()] = (counts[name.toLowerCase()] ?? 0) + 1;
  return counts;
}

/** The text a reader sees: tags dropped, character references decoded. */
export function visibleText(html: string): string {
  return decode(html.replace(/<[^>]*>/g, ""));
}

/** The text outside code spans and blocks, where GitHub links @mentions and #references. */
export function proseText(html: string): string {
  return visibleText(html.replace(/<(code|pre)\b[^>]*>[\s\S]*?<\/\1>/g, " "));
}

/** What a reader sees of each code span (inline code, not blocks). */
export function codeSpans(html: string): string[] {
  const withoutBlocks = html.replace(/<pre\b[^>]*>[\s\S]*?<\/pre>/g, "");
  return [...withoutBlocks.matchAll(/<code>([\s\S]*?)<\/code>/g)].map(([, text]) =>
    decode(text ?? ""),
  );
}

function decode(text: string): string {
  const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"' };
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref.startsWith("#x") || ref.startsWith("#X"))
      return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
    if (ref.startsWith("#")) return String.fromCodePoint(Number(ref.slice(1)));
    return named[ref.toLowerCase()] ?? whole;
  });
}
