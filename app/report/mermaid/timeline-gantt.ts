// Prints a run's step timeline as a Mermaid `gantt` (the text only, without code fences): one
// section per step with its `waiting` bar (grey) and its `running` bar (red when the step
// failed). A step whose main container's start is unknown gets one `unsplit` bar. Times are
// epoch milliseconds (`dateFormat x`); the axis shows the reader's clock time to the second.
import { endOfStep, type StepTiming } from "../../runs/step-timeline.ts";
import { mermaidGanttText } from "./mermaid-label.ts";

export interface TimelineGantt {
  text: string;
  /** How many of the steps are drawn: the first ones, as many as fit the size limit. */
  drawn: number;
}

/** The chart's size at most: a report holds other sections too (GitHub takes 65,536). */
const maxGanttChars = 20_000;

const header = ["gantt", "  dateFormat x", "  axisFormat %H:%M:%S", "  todayMarker off"];

export function timelineGantt(
  steps: readonly StepTiming[],
  endOfRun: number | undefined,
): TimelineGantt {
  const lines = [...header];
  let size = lines.join("\n").length;
  let drawn = 0;
  for (const step of steps) {
    const section = stepLines(step, endOfRun);
    const length = section.join("\n").length + 1;
    if (size + length > maxGanttChars) break;
    lines.push(...section);
    size += length;
    drawn++;
  }
  return { text: lines.join("\n"), drawn };
}

function stepLines(step: StepTiming, endOfRun: number | undefined): string[] {
  const end = endOfStep(step, endOfRun);
  const failed = step.phase === "Failed" || step.phase === "Error" ? ["crit"] : [];
  const bars =
    step.runningAt === undefined
      ? [bar("unsplit", [...failed, "active"], step.startedAt, end)]
      : [
          bar("waiting", ["done"], step.startedAt, step.runningAt),
          bar("running", failed, step.runningAt, end),
        ];
  return [`  section ${mermaidGanttText(step.step) || "(unnamed)"}`, ...bars];
}

function bar(name: string, tags: string[], from: number, to: number): string {
  return `    ${name} :${[...tags, from, Math.max(from, to)].join(", ")}`;
}
