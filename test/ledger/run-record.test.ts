import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ArgoObject } from "../../app/cluster/argo-kinds.ts";
import { recordOf } from "../../app/ledger/run-record.ts";
import { runStatusOf } from "../../app/runs/run-status.ts";
import { timelineAnnotation } from "../../app/runs/step-timeline.ts";
import { createTemplateRun } from "../support/argo-runs.ts";
import { loopbackTarget } from "../support/cluster-target.ts";
import { failStep } from "../support/failed-run.ts";

let target: Awaited<ReturnType<typeof loopbackTarget>>;

beforeAll(async () => {
  target = await loopbackTarget();
});
afterAll(() => target.close());

/** A run whose `train` step failed (as Argo leaves it) with a message quoting a Secret's value. */
async function failedRun(kept?: object): Promise<ArgoObject> {
  const namespace = await target.namespace("ml");
  const name = "train-ab12cd34";
  await createTemplateRun(target, namespace, name, {
    labels: { "coxswain.dev/template": "train", "coxswain.dev/pr": "7" },
    annotations: {
      "coxswain.dev/repo-full-name": "acme/pipelines",
      ...(kept ? { "coxswain.dev/failed-step-log": JSON.stringify(kept) } : {}),
    },
  });
  await failStep(target, namespace, name, {
    log: "auth error\n",
    message: "login failed for token s3cr3t-t0ken",
  });
  const run = await target.get("workflows", namespace, name);
  if (!run) throw new Error(`no run ${name}`);
  return run;
}

describe("a run's ledger record", () => {
  it("keeps the failed step's message as masked when its log was kept", async () => {
    const run = await failedRun({
      step: "train-ab12cd34.train",
      text: "auth error\n",
      message: "login failed for token ***",
    });
    const record = recordOf(run, runStatusOf(run));
    expect(record).toMatchObject({
      failedStep: "train",
      failedMessage: "login failed for token ***",
      logExcerpt: "auth error\n",
    });
  });
});

describe("a run's ledger record of where its time went", () => {
  const withTimeline = (run: ArgoObject, annotation: string): ArgoObject => ({
    ...run,
    metadata: {
      ...run.metadata,
      annotations: { ...run.metadata.annotations, "coxswain.dev/step-timeline": annotation },
    },
  });

  it("holds the timeline kept on the run", async () => {
    const run = await failedRun();
    const steps = [
      { step: "load", phase: "Succeeded", startedAt: 1_000, runningAt: 4_000, finishedAt: 9_000 },
      { step: "train", phase: "Failed", startedAt: 9_000, finishedAt: 20_000 },
    ];
    const kept = withTimeline(run, timelineAnnotation({ steps, leftOut: 0 }));
    expect(recordOf(kept, runStatusOf(kept)).timeline).toEqual(steps);
  });

  it.each([
    ["none", undefined],
    ["a garbled one", "not json"],
    ["one of another shape", '{"steps":[{"step":"load","startedAt":"10:00"}],"leftOut":0}'],
  ])("has no timeline when the run keeps %s", async (_what, annotation) => {
    const run = await failedRun();
    const kept = annotation === undefined ? run : withTimeline(run, annotation);
    const record = recordOf(kept, runStatusOf(kept));
    expect(record.timeline).toBeUndefined();
    expect(record.failedStep).toBe("train");
  });
});
