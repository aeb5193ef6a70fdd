// A run's timeline as an SVG drawn on the server: one row per step, the waiting part (pending:
// scheduling, image pull, pod start) and the running part in two colours, with their seconds.
import { endOfStep, type StepTiming } from "../../runs/step-timeline.ts";
import { type Html, html } from "../html.ts";

const rowHeight = 22;
const labelWidth = 180;
const barWidth = 520;

export function timelineSvg(steps: readonly StepTiming[]): Html {
  const start = Math.min(...steps.map((step) => step.startedAt));
  const end = Math.max(...steps.map((step) => step.finishedAt ?? step.runningAt ?? step.startedAt));
  const span = Math.max(1, end - start);
  const x = (at: number) => labelWidth + ((at - start) / span) * barWidth;
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const rows = steps.map((step, index) => {
    const y = index * rowHeight + 4;
    const stop = endOfStep(step, end);
    const running = step.runningAt;
    const title =
      running === undefined
        ? `${step.step}: ${seconds(stop - step.startedAt)} (its pod was gone: not split)`
        : `${step.step}: waiting ${seconds(running - step.startedAt)}, running ${seconds(stop - running)}`;
    return html`<g><title>${title}</title>
<text x="0" y="${y + 14}" class="step">${step.step.length > 26 ? `${step.step.slice(0, 25)}…` : step.step}</text>
${
  running === undefined
    ? html`<rect x="${x(step.startedAt)}" y="${y}" width="${Math.max(1, x(stop) - x(step.startedAt))}" height="16" class="unsplit"></rect>`
    : html`<rect x="${x(step.startedAt)}" y="${y}" width="${Math.max(1, x(running) - x(step.startedAt))}" height="16" class="waiting"></rect>
<rect x="${x(running)}" y="${y}" width="${Math.max(1, x(stop) - x(running))}" height="16" class="running phase-${step.phase.toLowerCase().replace(/[^a-z]/g, "")}"></rect>`
}</g>`;
  });
  const height = steps.length * rowHeight + 8;
  return html`<svg class="timeline" role="img" aria-labelledby="timeline-title" viewBox="0 0 ${labelWidth + barWidth + 10} ${height}" width="${labelWidth + barWidth + 10}" height="${height}">
<title id="timeline-title">Timeline of ${steps.length} steps over ${seconds(span)}</title>
${rows}
</svg>`;
}
