import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ArgoObject } from "../../app/cluster/argo-kinds.ts";
import { coreClusterFor, type PodInfo } from "../../app/cluster/core-cluster.ts";
import {
  keptTimeline,
  maxTimelineSteps,
  stepTimelineOf,
  timelineAnnotation,
} from "../../app/runs/step-timeline.ts";
import { type Fixture, startFixture } from "../argo-controller/fixture.ts";
import type { ArgoRun } from "../support/argo-controller/index.ts";
import { clockAt, type RunClock } from "../support/argo-runs.ts";
import { runTimedSteps, timedStepsStart, timedStepsTimeline } from "../support/timed-steps.ts";

const at = (time: string) => Date.parse(`2026-11-23T${time}Z`);

const pipeline = (name: string, extra = "") => `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: { name: ${name} }
spec:
  entrypoint: main
  templates:
    - name: main
      steps:
        - - { name: load, template: step }
        - - { name: train, template: ${extra ? "flaky" : "step"} }
    - name: step
      container: { image: python:3.12 }
    - name: flaky
      retryStrategy: { limit: 2 }
      container: { image: python:3.12 }
${extra}`;

describe("stepTimelineOf, on pods as the cluster lists them", () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await startFixture();
  });
  afterAll(() => fx.close());

  async function started(yaml: string): Promise<{ run: ArgoRun; clock: RunClock }> {
    const clock = clockAt(timedStepsStart);
    const run = await fx.run(yaml, { now: clock.now });
    await run.start();
    return { run, clock };
  }

  async function timelineOf(run: ArgoRun) {
    const workflow = await fx.workflow(run.namespace, run.name);
    const pods = await coreClusterFor(fx.target.kubeConfig()).podsWithLabel(
      run.namespace,
      `workflows.argoproj.io/workflow=${run.name}`,
    );
    return stepTimelineOf(workflow, pods);
  }

  it("splits each step into waiting (until its main container starts) and running", async () => {
    const { run, clock } = await started(pipeline("time-a1"));
    await runTimedSteps(run, clock);
    expect(await timelineOf(run)).toEqual(timedStepsTimeline);
  });

  it("leaves a step whose pod is gone unsplit, and keeps a step still waiting without an end", async () => {
    const { run, clock } = await started(pipeline("time-b1"));
    clock.set("2026-11-23T10:00:20Z");
    await run.succeed("load");
    fx.target.api.delete("pods", run.namespace, run.podName("load"));
    const { steps } = await timelineOf(run);
    expect(steps).toEqual([
      { step: "load", phase: "Succeeded", startedAt: at("10:00:00"), finishedAt: at("10:00:20") },
      { step: "train", phase: "Pending", startedAt: at("10:00:20") },
    ]);
    expect(steps[0]).not.toHaveProperty("runningAt", expect.anything());
  });

  it("shows a failed step with its phase, each retry attempt and each fanned-out item as its own step", async () => {
    const { run, clock } = await started(
      pipeline(
        "time-c1",
        `    - name: fan
      steps:
        - - { name: shard, template: step, withItems: [a, b] }
`,
      ).replace("- - { name: load, template: step }", "- - { name: load, template: fan }"),
    );
    clock.set("2026-11-23T10:00:10Z");
    await run.progress("shard(0:a)");
    clock.set("2026-11-23T10:00:30Z");
    await run.succeed("shard");
    clock.set("2026-11-23T10:00:40Z");
    await run.progress("train");
    clock.set("2026-11-23T10:01:00Z");
    await run.fail("train");
    clock.set("2026-11-23T10:02:00Z");
    await run.progress("train");
    clock.set("2026-11-23T10:03:00Z");
    await run.succeed("train");
    const { steps } = await timelineOf(run);
    expect(steps.map((s) => [s.step, s.phase, s.runningAt && new Date(s.runningAt)])).toEqual([
      ["shard(0:a)", "Succeeded", new Date(at("10:00:10"))],
      ["shard(1:b)", "Succeeded", new Date(at("10:00:30"))],
      ["train(0)", "Failed", new Date(at("10:00:40"))],
      ["train(1)", "Succeeded", new Date(at("10:02:00"))],
    ]);
  });
});

/** A run whose status has the given Pod nodes (as Argo writes them), without a cluster. */
function runWithNodes(nodes: Array<Record<string, unknown>>): ArgoObject {
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Workflow",
    metadata: { name: "wf", namespace: "ml" },
    status: {
      phase: "Succeeded",
      nodes: Object.fromEntries(nodes.map((node) => [node.id, node])),
    },
  };
}

const podOf = (node: string, mainStartedAt: number): PodInfo => ({
  name: `pod-${node}`,
  annotations: { "workflows.argoproj.io/node-id": node },
  spec: undefined,
  mainStartedAt,
});

describe("stepTimelineOf, bounded", () => {
  it("keeps the longest steps up to the cap, in order of start, and counts the others", () => {
    const start = at("10:00:00");
    const nodes = Array.from({ length: 150 }, (_, i) => ({
      id: `n${i}`,
      name: `wf[0].s${i}`,
      displayName: `s${i}`,
      type: "Pod",
      phase: "Succeeded",
      startedAt: new Date(start + i * 1000).toISOString(),
      // Step i runs i seconds (ends 2i s after the start): the last 100 are the longest.
      finishedAt: new Date(start + i * 2000).toISOString(),
    }));
    const timeline = stepTimelineOf(runWithNodes(nodes), []);
    expect(timeline.leftOut).toBe(50);
    expect(timeline.steps).toHaveLength(maxTimelineSteps);
    expect(timeline.steps.map((s) => s.step)).toEqual(
      Array.from({ length: 100 }, (_, i) => `s${i + 50}`),
    );
  });

  it("leaves out nodes that are not pods and steps that never started, and puts times in order", () => {
    const timeline = stepTimelineOf(
      runWithNodes([
        {
          id: "wf",
          name: "wf",
          displayName: "wf",
          type: "Steps",
          startedAt: "2026-11-23T10:00:00Z",
        },
        {
          id: "r",
          name: "wf[0].a",
          displayName: "a",
          type: "Retry",
          startedAt: "2026-11-23T10:00:00Z",
        },
        {
          id: "s",
          name: "wf[0].b",
          displayName: "b",
          type: "Suspend",
          startedAt: "2026-11-23T10:00:00Z",
        },
        { id: "p", name: "wf[0].c", displayName: "c", type: "Pod", phase: "Pending" },
        {
          id: "q",
          name: "wf[0].d",
          displayName: "d",
          type: "Pod",
          phase: "Succeeded",
          startedAt: "2026-11-23T10:00:10Z",
          finishedAt: "2026-11-23T10:00:30Z",
        },
      ]),
      // The container's start one second before the node's (clocks differ) reads as the start.
      [podOf("q", at("10:00:09"))],
    );
    expect(timeline.steps).toEqual([
      {
        step: "d",
        phase: "Succeeded",
        startedAt: at("10:00:10"),
        runningAt: at("10:00:10"),
        finishedAt: at("10:00:30"),
      },
    ]);
  });
});

describe("the timeline kept on the run", () => {
  const workflowWith = (annotation: string): ArgoObject => ({
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Workflow",
    metadata: { name: "wf", annotations: { "coxswain.dev/step-timeline": annotation } },
  });
  const timeline = {
    steps: [
      { step: "load", phase: "Succeeded", startedAt: 1_000, runningAt: 3_000, finishedAt: 9_000 },
      { step: "train", phase: "Failed", startedAt: 9_000, finishedAt: 20_000 },
    ],
    leftOut: 2,
  };

  it("reads back what was kept", () => {
    expect(keptTimeline(workflowWith(timelineAnnotation(timeline)))).toEqual(timeline);
  });

  it.each([
    ["not JSON", "{steps:"],
    ["not an object", "[1,2]"],
    ["steps not a list", '{"steps":"load","leftOut":0}'],
    ["a step without a start", '{"steps":[{"step":"a","phase":"Succeeded"}],"leftOut":0}'],
    [
      "a time that is not one",
      '{"steps":[{"step":"a","phase":"x","startedAt":1e300}],"leftOut":0}',
    ],
    [
      "a name that is not text",
      '{"steps":[{"step":{"a":1},"phase":"x","startedAt":1}],"leftOut":0}',
    ],
    ["too many steps", JSON.stringify({ steps: Array(101).fill(timeline.steps[0]), leftOut: 0 })],
  ])("reads %s as no timeline", (_what, annotation) => {
    expect(keptTimeline(workflowWith(annotation))).toBeUndefined();
  });

  it("puts times out of order in order, cuts long names and ignores a bad count", () => {
    const kept = keptTimeline(
      workflowWith(
        JSON.stringify({
          steps: [
            {
              step: "x".repeat(500),
              phase: "Succeeded",
              startedAt: 5_000,
              runningAt: 9_000,
              finishedAt: 2_000,
            },
          ],
          leftOut: "many",
        }),
      ),
    );
    expect(kept).toEqual({
      steps: [
        {
          step: `${"x".repeat(99)}…`,
          phase: "Succeeded",
          startedAt: 5_000,
          runningAt: 5_000,
          finishedAt: 5_000,
        },
      ],
      leftOut: 0,
    });
  });

  it("keeps its annotation small, dropping the shortest steps when names are long", () => {
    const steps = Array.from({ length: 100 }, (_, i) => ({
      step: `${"\u0001".repeat(99)}${i}`,
      phase: "Succeeded",
      startedAt: 0,
      finishedAt: (i + 1) * 1000,
    }));
    const annotation = timelineAnnotation({ steps, leftOut: 0 });
    expect(annotation.length).toBeLessThanOrEqual(32_000);
    const kept = keptTimeline(workflowWith(annotation));
    expect(kept?.steps.length).toBeGreaterThan(0);
    expect((kept?.steps.length ?? 0) + (kept?.leftOut ?? 0)).toBe(100);
    expect(kept?.steps.at(-1)?.finishedAt).toBe(100_000);
  });
});
