// Problems as a check-run report: nothing was applied, here is every problem and where.
import type { FileProblem } from "../definitions/definition.ts";
import type { CheckRunReport } from "./check-run-output.ts";
import { fitText } from "./check-run-output.ts";
import { code, escapeMarkdown } from "./markdown.ts";

export function renderProblems(
  problems: readonly FileProblem[],
  consequence: string,
): CheckRunReport {
  const errors = problems.filter((problem) => problem.severity === "error");
  const files = new Set(errors.map((problem) => problem.file));
  const title = `${plural(errors.length, "problem")} in ${plural(files.size, "file")}: ${consequence}`;
  const lines = problems.map(
    (problem) =>
      `- ${problem.severity === "error" ? "❌" : "⚠️"} ${code(`${problem.file}:${problem.line}:${problem.column}`)} ${escapeMarkdown(problem.message)}`,
  );
  return {
    conclusion: "failure",
    title,
    summary: fitText(
      `**${consequence[0]?.toUpperCase()}${consequence.slice(1)}.** Fix these and push again:\n\n${lines.join("\n")}`,
    ),
    annotations: [...problems],
  };
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
