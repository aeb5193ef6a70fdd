import { describe, expect, it } from "vitest";
import type { ArgoObject } from "../../app/cluster/argo-kinds.ts";
import { checkRunTextLimit } from "../../app/report/check-run-output.ts";
import { renderRunReport } from "../../app/report/render-run-report.ts";
import { runStatusOf } from "../../app/runs/run-status.ts";
import { type StepTimeline, timelineAnnotation } from "../../app/runs/step-timeline.ts";
import { ganttProblems } from "../mermaid/gantt-check.ts";

const t0 = Date.parse("2026-11-23T10:00:00Z");
const s = (seconds: number) => t0 + seconds * 1000;
const iso = (seconds: number) => new Date(s(seconds)).toISOString().replace(".000Z", "Z");

const timeline: StepTimeline = {
  steps: [
    { step: "load", phase: "Succeeded", startedAt: s(0), runningAt: s(20), finishedAt: s(60) },
    { step: "train", phase: "Succeeded", startedAt: s(60), runningAt: s(105), finishedAt: s(252) },
  ],
  leftOut: 0,
};

function podNode(i: number, name = `s${i}`): object {
  return {
    id: `n${i}`,
    name: `train-1[${i}].${name}`,
    displayName: name,
    type: "Pod",
    phase: "Succeeded",
    startedAt: iso(i),
    finishedAt: iso(i + 1),
    message: "x".repeat(150),
  };
}

function run(
  phase: string,
  kept: string | undefined,
  nodes = [podNode(0, "load"), podNode(1, "train")],
): ArgoObject {
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Workflow",
    metadata: {
      name: "train-1",
      namespace: "ml",
      labels: { "coxswain.dev/template": "train", "coxswain.dev/commit": "c".repeat(40) },
      annotations: kept === undefined ? {} : { "coxswain.dev/step-timeline": kept },
    },
    status: {
      phase,
      startedAt: iso(0),
      ...(phase === "Running" ? {} : { finishedAt: iso(252) }),
      nodes: Object.fromEntries(nodes.map((node) => [(node as { id: string }).id, node])),
    },
  };
}

const report = (workflow: ArgoObject) => renderRunReport(workflow, runStatusOf(workflow));

describe("where the time went, in the run report", () => {
  it("shows an ended run's sum of waiting and running and its gantt chart", () => {
    const text = report(run("Succeeded", timelineAnnotation(timeline)));
    expect(text).toContain(
      "**Where the time went:** 3m 7s running and 1m 5s waiting (26%) for scheduling, image pulls and pod starts, summed over 2 steps.",
    );
    const chart =
      /<details><summary>Timeline<\/summary>\n\n```mermaid\n(gantt\n[\s\S]*?)\n```\n\n<\/details>/.exec(
        text,
      );
    expect(chart?.[1]).toContain("  section train");
    expect(ganttProblems(chart?.[1] ?? "")).toEqual([]);
    // After the pipeline's picture, as its own section.
    expect(text.indexOf("Where the time went")).toBeGreaterThan(text.indexOf("| train |"));
  });

  it("says what was not split and what was left out", () => {
    const text = report(
      run(
        "Failed",
        timelineAnnotation({
          steps: [
            ...timeline.steps,
            { step: "notify", phase: "Failed", startedAt: s(252), finishedAt: s(262) },
          ],
          leftOut: 3,
        }),
      ),
    );
    expect(text).toContain(
      "summed over 3 steps; 10s of 1 step not split (no container start: the pod was gone or never ran); 3 shorter steps left out.",
    );
  });

  it("leaves it out while the run is in progress, even when a timeline is kept", () => {
    const text = report(run("Running", timelineAnnotation(timeline)));
    expect(text).not.toContain("Where the time went");
    expect(text).not.toContain("gantt");
  });

  it.each([
    ["no timeline", undefined],
    ["a garbled one", '{"steps":[{"step":1}]'],
    ["an empty one", timelineAnnotation({ steps: [], leftOut: 0 })],
  ])("leaves it out of an ended run with %s", (_what, kept) => {
    expect(report(run("Succeeded", kept))).not.toContain("Where the time went");
  });

  it("stays under GitHub's limit with thousands of steps and a full timeline, keeping the sum", () => {
    const nodes = Array.from({ length: 3000 }, (_, i) => podNode(i));
    const steps = Array.from({ length: 100 }, (_, i) => ({
      step: `${"<#>".repeat(33)}${i}`,
      phase: "Succeeded",
      startedAt: s(i),
      runningAt: s(i + 1),
      finishedAt: s(i + 2),
    }));
    const text = report(run("Succeeded", timelineAnnotation({ steps, leftOut: 2900 }), nodes));
    expect(text.length).toBeLessThanOrEqual(checkRunTextLimit);
    expect(text).toContain("**Where the time went:**");
    expect(text).toContain("2900 shorter steps left out.");
  });
});
