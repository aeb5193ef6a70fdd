// A run of two steps (load, then train) whose pods wait before they run, on a clock the test
// sets: from 10:00:00, load waits 20 s and runs 40 s, train waits 45 s and runs 2 min 27 s.
// What its timeline must then say is `timedStepsTimeline`.
import type { ArgoRun } from "./argo-controller/index.ts";
import type { RunClock } from "./argo-runs.ts";

export const timedStepsStart = "2026-11-23T10:00:00Z";

const at = (time: string) => Date.parse(`2026-11-23T${time}Z`);

/** Takes a started run through both steps; `whileLoadRuns` is called once load's pod runs. */
export async function runTimedSteps(
  run: ArgoRun,
  clock: RunClock,
  whileLoadRuns: () => Promise<void> = async () => {},
): Promise<void> {
  clock.set("2026-11-23T10:00:20Z");
  await run.progress("load");
  await whileLoadRuns();
  clock.set("2026-11-23T10:01:00Z");
  await run.succeed("load");
  clock.set("2026-11-23T10:01:45Z");
  await run.progress("train");
  clock.set("2026-11-23T10:04:12Z");
  await run.succeed("train");
}

export const timedStepsTimeline = {
  steps: [
    {
      step: "load",
      phase: "Succeeded",
      startedAt: at("10:00:00"),
      runningAt: at("10:00:20"),
      finishedAt: at("10:01:00"),
    },
    {
      step: "train",
      phase: "Succeeded",
      startedAt: at("10:01:00"),
      runningAt: at("10:01:45"),
      finishedAt: at("10:04:12"),
    },
  ],
  leftOut: 0,
};
