// A use case's outcome as a reply on a pull request (GitHub Markdown), under the command as
// the commenter wrote it.
import { KubeApiError } from "../cluster/kube-api-error.ts";
import { code, codeBlock } from "../report/markdown.ts";
import { markdownOf } from "../report/message.ts";
import { renderHelp } from "../report/render-help.ts";
import { renderRunList } from "../report/render-run-list.ts";
import { sentence } from "../report/sentence.ts";
import type { Outcome } from "../use-cases/outcome.ts";

export function outcomeMarkdown(command: string, outcome: Outcome): string {
  switch (outcome.kind) {
    case "done":
      return markdownOf(outcome.message);
    case "refused":
      return `${code(command)}: ${markdownOf(outcome.problem)}`;
    case "runs":
      return renderRunList(outcome.rows);
    case "log":
      return `Last lines of ${code(outcome.step)} in ${code(outcome.run)}:\n\n${codeBlock(outcome.text.trimEnd() || "(empty)")}`;
    case "help":
      return renderHelp();
  }
}

/** What failed while a command was handled (Git or the cluster unreachable), for its author. */
export function failureMarkdown(command: string, error: unknown): string {
  return `${code(command)}: coxswain could not finish it: ${failureReason(error)} Try again.`;
}

/** What failed before any command could be taken (the default branch's config unreadable). */
export function commandsFailedMarkdown(error: unknown): string {
  return `coxswain could not take these commands: ${failureReason(error)} Try again.`;
}

function failureReason(error: unknown): string {
  const reason =
    error instanceof KubeApiError
      ? `the cluster's API answered ${error.code}: ${error.message}`
      : error instanceof Error
        ? error.message
        : String(error);
  return markdownOf([{ value: sentence(reason) }]);
}
