// Two files may not define the same object: the cluster would hold only one of them.
import type { Definition, FileProblem } from "./definition.ts";

export function checkDuplicates(definitions: readonly Definition[]): FileProblem[] {
  const first = new Map<string, Definition>();
  const problems: FileProblem[] = [];
  for (const definition of definitions) {
    const key = `${definition.kind}/${definition.name}`;
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, definition);
      continue;
    }
    problems.push({
      file: definition.file,
      line: definition.line,
      column: 1,
      message: `${definition.kind} "${definition.name}" is already defined in ${earlier.file}:${earlier.line}`,
      severity: "error",
    });
  }
  return problems;
}
