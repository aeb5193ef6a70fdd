import { describe, expect, it } from "vitest";
import { fnv32a, nodeId, podName } from "../support/argo-controller/index.ts";
import { stepNameOf } from "../support/argo-controller/names.ts";

describe("Argo's node ids and pod names", () => {
  it("matches node ids from a real Argo status", () => {
    // From argoproj/argo-workflows#3780.
    expect(nodeId("reproduce-bug-9tpfr", "reproduce-bug-9tpfr.process-tasks(3:3)(0)")).toBe(
      "reproduce-bug-9tpfr-2008331609",
    );
    expect(nodeId("reproduce-bug-9tpfr", "reproduce-bug-9tpfr.process-tasks(9:9)(0)")).toBe(
      "reproduce-bug-9tpfr-2475724017",
    );
  });

  it("gives the root node the workflow's name as id", () => {
    expect(nodeId("wf-x", "wf-x")).toBe("wf-x");
  });

  it("names pods <workflow>-<template>-<fnv32a(node name)> in v2 and by node id in v1", () => {
    expect(podName("wf", "wf[0].load", "step", "v2")).toBe(`wf-step-${fnv32a("wf[0].load")}`);
    expect(podName("wf", "wf[0].load", "step", "v1")).toBe(nodeId("wf", "wf[0].load"));
    // A single-pod workflow's pod is the workflow's name.
    expect(podName("wf", "wf", "main", "v2")).toBe("wf");
  });

  it("finds the step a node stands for", () => {
    expect(stepNameOf("wf[0].load(1:b)(0)")).toBe("load");
    expect(stepNameOf("wf.train")).toBe("train");
    expect(stepNameOf("wf[1].fit[0].step")).toBe("step");
  });
});
