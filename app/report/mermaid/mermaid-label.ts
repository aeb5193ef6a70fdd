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
  return shortLine(text).replace(
    /[#"<>&[\]{}|`]/g,
    (character) => entities[character] ?? character,
  );
}

/**
 * Text that is safe unquoted in a gantt chart's section or task name, which ends at `:`, `;`
 * or `#` (a comment) and where `%%` starts a directive: those become entity codes too.
 */
export function mermaidGanttText(text: string): string {
  return shortLine(text).replace(
    /[#"<>&[\]{}|`:;%]/g,
    (character) => entities[character] ?? ganttEntities[character] ?? character,
  );
}

const ganttEntities: Record<string, string> = { ":": "#58;", ";": "#59;", "%": "#37;" };

function shortLine(text: string): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > maxLabelLength ? `${oneLine.slice(0, maxLabelLength - 1)}…` : oneLine;
}
