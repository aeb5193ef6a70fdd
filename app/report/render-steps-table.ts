// The steps of a run as a markdown table, cut to a row budget with a count of what was left out.
import type { StepStatus } from "../runs/run-status.ts";
import { duration } from "./durations.ts";
import { escapeMarkdown } from "./markdown.ts";
import { iconOf } from "./phase-icons.ts";

const maxMessage = 200;

export function stepsTable(steps: readonly StepStatus[], maxRows: number): string {
  if (steps.length === 0) return "";
  const lines = ["| step | phase | duration | message |", "| --- | --- | --- | --- |"];
  for (const step of steps.slice(0, maxRows)) {
    const message = (step.message ?? "").replace(/\s+/g, " ");
    const short = message.length > maxMessage ? `${message.slice(0, maxMessage - 1)}…` : message;
    lines.push(
      `| ${escapeMarkdown(step.displayName)} | ${iconOf(step.phase)} ${step.phase} | ${duration(step.startedAt, step.finishedAt)} | ${escapeMarkdown(short)} |`,
    );
  }
  if (steps.length > maxRows)
    lines.push(`| … ${steps.length - maxRows} more steps not shown | | | |`);
  return lines.join("\n");
}
