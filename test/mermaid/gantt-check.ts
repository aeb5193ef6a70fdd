// What Mermaid's gantt grammar (its gantt.jison lexer) reads in a chart coxswain writes, after
// Mermaid's first pass over any diagram, which turns entity codes (`#quot;`, `#35;`) into
// placeholders: the problems it would have, and the section names a reader sees.

/** Mermaid's encodeEntities: `#name;` and `#123;` stand for one character until drawn. */
const entity = /#(\w+);/g;
const named: Record<string, string> = { quot: '"', lt: "<", gt: ">", amp: "&" };

const header = [
  /^gantt$/,
  /^ {2}dateFormat x$/,
  /^ {2}axisFormat [^#\n;]+$/,
  /^ {2}todayMarker off$/,
];
const section = /^ {2}section [^#:\n;]+$/;
const task = /^ {4}(waiting|running|unsplit) :((?:(?:done|active|crit), )*)(\d+), (\d+)$/;

export function ganttProblems(text: string): string[] {
  const problems: string[] = [];
  const lines = text.split("\n");
  header.forEach((pattern, index) => {
    if (!pattern.test(lines[index] ?? "")) problems.push(`line ${index + 1} is not ${pattern}`);
  });
  let inSection = false;
  lines.slice(header.length).forEach((raw, index) => {
    const where = `line ${index + header.length + 1}: ${JSON.stringify(raw)}`;
    // Mermaid cuts the ends of such lines before anything else (its style and classDef rule).
    if (/style.*:\S*#.*;|classDef.*:\S*#.*;/.test(raw)) problems.push(`${where} reads as a style`);
    if (/%%/.test(raw)) problems.push(`${where} holds a comment or directive`);
    const line = raw.replace(entity, "ENTITY");
    if (section.test(line)) inSection = true;
    else if (line.startsWith("  section "))
      problems.push(`${where} is a section Mermaid cuts short`);
    else if (!inSection) problems.push(`${where} is a task outside a section`);
    else {
      const bar = task.exec(line);
      if (!bar) problems.push(`${where} is neither a section nor a task`);
      else if (Number(bar[3]) > Number(bar[4])) problems.push(`${where} ends before it starts`);
    }
  });
  return problems;
}

/** The section names as a reader sees them, entity codes decoded. */
export function ganttSections(text: string): string[] {
  return [...text.matchAll(/^ {2}section (.*)$/gm)].map(([, name]) =>
    (name ?? "").replace(entity, (whole, code: string) =>
      /^\d+$/.test(code) ? String.fromCodePoint(Number(code)) : (named[code] ?? whole),
    ),
  );
}
