// "Where the time went" in an ended run's report: one line that sums the steps' waiting
// (scheduling, image pulls, pod starts) and running, and their timeline as a Mermaid gantt chart.
import type { ArgoObject } from "../cluster/argo-kinds.ts";
import type { RunStatus } from "../runs/run-status.ts";
import { keptTimeline, type StepTiming, timelineTotals } from "../runs/step-timeline.ts";
import { elapsed } from "./durations.ts";
import { codeBlock } from "./markdown.ts";
import { timelineGantt } from "./mermaid/timeline-gantt.ts";

export interface TimelineSection {
  /** The one-line sum, under its heading. */
  summary: string;
  /** The gantt chart, folded (left out where the report must be short). */
  chart: string;
}

/** The section for a run that has ended with its timeline kept; undefined otherwise. */
export function timelineSection(workflow: ArgoObject, run: RunStatus): TimelineSection | undefined {
  if (!run.finished) return undefined;
  const timeline = keptTimeline(workflow);
  if (!timeline || timeline.steps.length === 0) return undefined;
  const endOfRun = run.finishedAt ? Date.parse(run.finishedAt) || undefined : undefined;
  const gantt = timelineGantt(timeline.steps, endOfRun);
  const notDrawn = timeline.steps.length - gantt.drawn;
  return {
    summary: `**Where the time went:** ${sumOf(timeline.steps, endOfRun, timeline.leftOut)}`,
    chart: [
      "<details><summary>Timeline</summary>",
      "",
      codeBlock(gantt.text, "mermaid"),
      ...(notDrawn > 0
        ? ["", `_${plural(notDrawn, "later step")} not drawn, to keep the report short._`]
        : []),
      "",
      "</details>",
    ].join("\n"),
  };
}

function sumOf(
  steps: readonly StepTiming[],
  endOfRun: number | undefined,
  leftOut: number,
): string {
  const { waiting, running, unsplit, unsplitSteps } = timelineTotals(steps, endOfRun);
  const share =
    waiting + running > 0 ? ` (${Math.round((100 * waiting) / (waiting + running))}%)` : "";
  const parts = [
    `${elapsed(running)} running and ${elapsed(waiting)} waiting${share} for scheduling, image pulls and pod starts, summed over ${plural(steps.length, "step")}`,
  ];
  if (unsplitSteps > 0)
    parts.push(
      `${elapsed(unsplit)} of ${plural(unsplitSteps, "step")} not split (no container start: the pod was gone or never ran)`,
    );
  if (leftOut > 0) parts.push(`${plural(leftOut, "shorter step")} left out`);
  return `${parts.join("; ")}.`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
