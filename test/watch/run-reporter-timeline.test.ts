// When a run ends, its reporter reads the steps' pods once and keeps where the time went on the
// Workflow, before the final report (which shows it) and before a rate limit's wait.
import { pino } from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { argoClusterFor } from "../../app/cluster/argo-cluster.ts";
import type { ArgoObject } from "../../app/cluster/argo-kinds.ts";
import { type CoreCluster, coreClusterFor } from "../../app/cluster/core-cluster.ts";
import { keptTimeline } from "../../app/runs/step-timeline.ts";
import type { Release, ReportPacer } from "../../app/watch/report-pacer.ts";
import { RunReporter, type RunReporterOptions } from "../../app/watch/run-reporter.ts";
import type { ArgoRun } from "../support/argo-controller/index.ts";
import { argoFor, clockAt, createTemplateRun } from "../support/argo-runs.ts";
import { loopbackTarget } from "../support/cluster-target.ts";
import { runTimedSteps, timedStepsStart, timedStepsTimeline } from "../support/timed-steps.ts";

const timelineKey = "coxswain.dev/step-timeline";

let target: Awaited<ReturnType<typeof loopbackTarget>>;
beforeAll(async () => {
  target = await loopbackTarget();
});
afterAll(() => target.close());

let namespace: string;
let podLists: number;
let reported: Array<{ kind: "progress" | "exit"; workflow: ArgoObject }>;
let reporters: RunReporter[];

beforeEach(() => {
  podLists = 0;
  reported = [];
  reporters = [];
  return () => {
    for (const reporter of reporters) reporter.stop();
  };
});

/** The cluster's pods, counting the lists (or failing them, as an API that refuses would). */
function pods(failing = false): CoreCluster {
  const core = coreClusterFor(target.kubeConfig());
  return {
    ...core,
    podsWithLabel: async (...args) => {
      podLists++;
      if (failing) throw new Error("pods is forbidden");
      return core.podsWithLabel(...args);
    },
  };
}

function reporter(options: Partial<RunReporterOptions> = {}): RunReporter {
  const sink = {
    progress: async (workflow: ArgoObject) => {
      reported.push({ kind: "progress", workflow });
    },
    notifyExit: async (workflow: ArgoObject) => {
      reported.push({ kind: "exit", workflow });
    },
  };
  const made = new RunReporter(
    argoClusterFor(target.kubeConfig()),
    sink,
    pino({ level: "silent" }),
    {
      intervalMs: 0,
      logs: pods(),
      ...options,
    },
  );
  reporters.push(made);
  return made;
}

async function current(run: ArgoRun): Promise<ArgoObject> {
  const workflow = await target.get("workflows", run.namespace, run.name);
  if (!workflow) throw new Error(`no run ${run.name}`);
  return workflow;
}

/** A run of load then train, its pods waiting 20 s and 45 s before they run. */
async function startedRun(name: string): Promise<{ run: ArgoRun; end: () => Promise<void> }> {
  namespace = await target.namespace("ml");
  await createTemplateRun(target, namespace, name);
  const clock = clockAt(timedStepsStart);
  const run = await argoFor(target, clock).load(namespace, name);
  await run.start();
  const end = () => runTimedSteps(run, clock);
  return { run, end };
}

describe("the timeline an ended run keeps", () => {
  it("is read from the pods once the run ends, kept before the final report, and not read again", async () => {
    const { run, end } = await startedRun("train-a1");
    const reporting = reporter();
    await reporting.observe(await current(run));
    expect(podLists).toBe(0);
    expect((await current(run)).metadata.annotations?.[timelineKey]).toBeUndefined();

    await end();
    await reporting.observe(await current(run));
    await reporting.drain();
    expect(podLists).toBe(1);
    const kept = await current(run);
    expect(keptTimeline(kept)).toEqual(timedStepsTimeline);
    // The final report and the exit notification are given the run with its timeline.
    const final = reported.filter((r) => r.workflow.status && keptTimeline(r.workflow));
    expect(final.map((r) => r.kind)).toEqual(["progress", "exit"]);

    // The run seen again (the watch's next event, a new leader's listing): nothing is read.
    await reporting.observe(kept);
    await reporter().observe(await current(run));
    expect(podLists).toBe(1);
    expect((await current(run)).metadata.annotations?.[timelineKey]).toBe(
      kept.metadata.annotations?.[timelineKey],
    );
  });

  it("is read when the end is seen, before the rate limit gives the final report its turn", async () => {
    const { run, end } = await startedRun("train-b1");
    let giveTurn: (release: Release) => void = () => {};
    const pacer: ReportPacer = {
      turn: (_key, _workflow, final) =>
        final ? new Promise((resolve) => (giveTurn = resolve)) : Promise.resolve(() => {}),
      forget: () => {},
    };
    const reporting = reporter({ pacer });
    await end();
    await reporting.observe(await current(run));
    const deadline = Date.now() + 5000;
    while (!(await current(run)).metadata.annotations?.[timelineKey] && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(keptTimeline(await current(run))).toEqual(timedStepsTimeline);
    expect(reported).toEqual([]);
    giveTurn(() => {});
    await reporting.drain();
    expect(reported.map((r) => r.kind)).toEqual(["progress", "exit"]);
    expect(podLists).toBe(1);
  });

  it("leaves each step unsplit when the pods cannot be listed, and reports the end all the same", async () => {
    const { run, end } = await startedRun("train-c1");
    const reporting = reporter({ logs: pods(true) });
    await end();
    await reporting.observe(await current(run));
    await reporting.drain();
    expect(keptTimeline(await current(run))?.steps).toEqual(
      timedStepsTimeline.steps.map(({ runningAt: _, ...step }) => step),
    );
    expect(reported.map((r) => r.kind)).toEqual(["progress", "exit"]);
  });

  it("is not read without a cluster to read pods from", async () => {
    const { run, end } = await startedRun("train-d1");
    const reporting = reporter({ logs: undefined });
    await end();
    await reporting.observe(await current(run));
    await reporting.drain();
    expect((await current(run)).metadata.annotations?.[timelineKey]).toBeUndefined();
    expect(reported.map((r) => r.kind)).toEqual(["progress", "exit"]);
  });
});
