// Text that is safe inside a quoted Mermaid label: characters Mermaid would read as syntax
// or HTML become its entity codes (`#quot;`), line breaks become spaces. Parentheses are
// safe inside quotes and stay readable.
const entities: Record<string, string> = {
  "#": "#35;",
  '"': "#quot;",
  "<": "#lt;",
  ">": "#gt;",
  "&": "#amp;",
  "[": "#91;",
  "]": "#93;",
  "{": "#123;",
  "}": "#125;",
  "|": "#124;",
  "`": "#96;",
};

const maxLabelLength = 80;

export function mermaidLabel(text: string): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  const short =
    oneLine.length > maxLabelLength ? `${oneLine.slice(0, maxLabelLength - 1)}…` : oneLine;
  return short.replace(/[#"<>&[\]{}|`]/g, (character) => entities[character] ?? character);
}
