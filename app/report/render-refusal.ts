// The answer to a command that could not be done: the command as written, then why. The why
// may quote what the commenter typed (a run, a step, a parameter), so it is shown as text.
import { code, escapeMarkdown } from "./markdown.ts";

export function renderRefusal(command: string, problem: string): string {
  const lines = problem.split("\n").map((line) => escapeMarkdown(line));
  return `${code(command)}: ${lines.join("\n")}`;
}
