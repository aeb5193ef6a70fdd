// Where a run's time went, one entry per step: from the step's start to its main container's
// start it was waiting (scheduling, image pull, pod start), from then to its end it was running.
// Argo's node status has only startedAt and finishedAt; the container's start comes from the pod.
// The timeline is read once when the run ends (its pods may be cleaned up right after) and kept
// on the Workflow as an annotation, so a new leader and the run ledger see it too.
import { z } from "zod";
import type { ArgoObject } from "../cluster/argo-kinds.ts";
import type { PodInfo } from "../cluster/core-cluster.ts";
import { annotationKeys } from "../cluster/labels.ts";
import { type RunStatus, runStatusOf, type StepStatus } from "./run-status.ts";

export interface StepTiming {
  /** The step as shown (its display name). */
  step: string;
  phase: string;
  /** When Argo started the step (epoch ms). */
  startedAt: number;
  /** When its main container started (epoch ms); absent when the pod was gone or never ran. */
  runningAt?: number;
  /** When the step ended (epoch ms); absent while it runs. */
  finishedAt?: number;
}

export interface StepTimeline {
  /** The steps kept, ordered by start. */
  steps: StepTiming[];
  /** How many pod steps were left out: the shortest, past `maxTimelineSteps`. */
  leftOut: number;
}

/** At most this many steps are kept: the longest ones, which is where the time went. */
export const maxTimelineSteps = 100;
/** Display names are cut to this length (a fanned-out item's name can be long). */
const maxStepName = 100;
/** The kept timeline's size on the Workflow at most (a Workflow's annotations share 256 KiB). */
const maxAnnotationChars = 32_000;
/** Argo's annotation on a step's pod naming the node it runs. */
const nodeIdAnnotation = "workflows.argoproj.io/node-id";

/**
 * The run's pod steps (its exit handler's too) with the start of each one's `main` container,
 * read from `pods` (a run's pods, matched to steps by Argo's node-id annotation).
 */
export function stepTimelineOf(
  workflow: ArgoObject,
  pods: readonly PodInfo[],
  run: RunStatus = runStatusOf(workflow),
): StepTimeline {
  const mainStarts = new Map<string, number>();
  for (const pod of pods) {
    const node = pod.annotations[nodeIdAnnotation];
    if (node && pod.mainStartedAt !== undefined) mainStarts.set(node, pod.mainStartedAt);
  }
  const timings = [...run.steps, ...run.exitSteps]
    .filter((step) => step.type === "Pod")
    .flatMap((step) => timingOf(step, mainStarts.get(step.id)) ?? []);
  return longest(timings, maxTimelineSteps, 0);
}

/** True when the run has pod steps, whose pods would be read for its timeline. */
export function hasPodSteps(run: RunStatus): boolean {
  return [...run.steps, ...run.exitSteps].some((step) => step.type === "Pod");
}

/** The timeline as kept on the Workflow: JSON, within its size (fewer steps when too large). */
export function timelineAnnotation(timeline: StepTimeline): string {
  for (let keep = timeline.steps.length; ; keep = Math.floor(keep / 2)) {
    const kept = longest(timeline.steps, keep, timeline.leftOut);
    const text = JSON.stringify(kept);
    if (text.length <= maxAnnotationChars || keep === 0) return text;
  }
}

// Epoch milliseconds a Date can hold: anything else on the annotation is not a time.
const epochMs = z.number().int().min(0).max(8_640_000_000_000_000);
const keptTiming = z.object({
  step: z.string().transform(shortName),
  phase: z.string().max(40),
  startedAt: epochMs,
  runningAt: epochMs.optional(),
  finishedAt: epochMs.optional(),
});
const keptTimelineSchema = z.object({
  steps: z.array(keptTiming).max(maxTimelineSteps),
  leftOut: z.number().int().min(0).catch(0),
});

/**
 * The timeline kept on the run, if any. What does not read as one (written by hand, cut, from
 * another version) counts as none; times out of order are put in order.
 */
export function keptTimeline(workflow: ArgoObject): StepTimeline | undefined {
  const kept = workflow.metadata.annotations?.[annotationKeys.stepTimeline];
  if (!kept || kept.length > 4 * maxAnnotationChars) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(kept);
  } catch {
    return undefined;
  }
  const parsed = keptTimelineSchema.safeParse(value);
  if (!parsed.success) return undefined;
  const steps = parsed.data.steps.map(({ step, phase, startedAt, runningAt, finishedAt }) =>
    ordered({ step, phase, startedAt, runningAt, finishedAt }),
  );
  return { steps: steps.sort(byStart), leftOut: parsed.data.leftOut };
}

function timingOf(step: StepStatus, mainStartedAt: number | undefined): StepTiming | undefined {
  const startedAt = Date.parse(step.startedAt ?? "");
  if (Number.isNaN(startedAt)) return undefined; // not begun: no time spent to show
  const finishedAt = step.finishedAt ? Date.parse(step.finishedAt) : Number.NaN;
  return ordered({
    step: shortName(step.displayName),
    phase: step.phase,
    startedAt,
    runningAt: mainStartedAt,
    finishedAt: Number.isNaN(finishedAt) ? undefined : finishedAt,
  });
}

/**
 * The times in order: an end before the start is the start, and the container's start lies
 * between them (clocks of the node and of the controller may differ by a second).
 */
function ordered(timing: StepTiming): StepTiming {
  const { startedAt } = timing;
  const finishedAt =
    timing.finishedAt === undefined ? undefined : Math.max(timing.finishedAt, startedAt);
  const runningAt =
    timing.runningAt === undefined
      ? undefined
      : Math.min(Math.max(timing.runningAt, startedAt), finishedAt ?? Number.POSITIVE_INFINITY);
  return { step: timing.step, phase: timing.phase, startedAt, runningAt, finishedAt };
}

/** The `keep` longest steps in order of start; the others are counted as left out. */
function longest(steps: readonly StepTiming[], keep: number, leftOut: number): StepTimeline {
  const kept =
    steps.length <= keep
      ? [...steps]
      : [...steps].sort((a, b) => spanOf(b) - spanOf(a) || byStart(a, b)).slice(0, keep);
  return { steps: kept.sort(byStart), leftOut: leftOut + steps.length - kept.length };
}

function spanOf(timing: StepTiming): number {
  return (timing.finishedAt ?? timing.runningAt ?? timing.startedAt) - timing.startedAt;
}

function byStart(a: StepTiming, b: StepTiming): number {
  return a.startedAt - b.startedAt || a.step.localeCompare(b.step);
}

function shortName(name: string): string {
  return name.length > maxStepName ? `${name.slice(0, maxStepName - 1)}…` : name;
}

/** When the step ended; for one whose end was not recorded, the run's end (or its last time). */
export function endOfStep(timing: StepTiming, endOfRun: number | undefined): number {
  if (timing.finishedAt !== undefined) return timing.finishedAt;
  const last = timing.runningAt ?? timing.startedAt;
  return endOfRun === undefined ? last : Math.max(endOfRun, last);
}

export interface TimelineTotals {
  /** Summed over the steps that were split: from their start to their container's. */
  waiting: number;
  running: number;
  /** Summed over the steps without a container start (their pod was gone or never ran). */
  unsplit: number;
  unsplitSteps: number;
}

export function timelineTotals(
  steps: readonly StepTiming[],
  endOfRun: number | undefined,
): TimelineTotals {
  const totals: TimelineTotals = { waiting: 0, running: 0, unsplit: 0, unsplitSteps: 0 };
  for (const step of steps) {
    const end = endOfStep(step, endOfRun);
    if (step.runningAt === undefined) {
      totals.unsplit += end - step.startedAt;
      totals.unsplitSteps++;
    } else {
      totals.waiting += step.runningAt - step.startedAt;
      totals.running += end - step.runningAt;
    }
  }
  return totals;
}
