import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeId } from "../support/argo-controller/index.ts";
import { type Fixture, nodeSummary, startFixture } from "./fixture.ts";

describe("templates that call templates", () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await startFixture();
  });
  afterAll(() => fx.close());

  it("continues node names below a nested steps template, bounded by its node", async () => {
    const run = await fx.run(`
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: { name: nest-a1 }
spec:
  entrypoint: main
  templates:
    - name: main
      steps:
        - - { name: prepare, template: step }
        - - { name: fit, template: fit-steps }
    - name: fit-steps
      steps:
        - - { name: step, template: step }
    - name: step
      container: { image: alpine }
`);
    await run.start();
    await run.succeed("prepare");
    expect(nodeSummary(run)).toMatchObject({
      "nest-a1[1].fit": "Steps Running",
      "nest-a1[1].fit[0]": "StepGroup Running",
      "nest-a1[1].fit[0].step": "Pod Pending",
    });
    const fit = nodeId("nest-a1", "nest-a1[1].fit");
    expect(run.node("nest-a1[1].fit[0]")).toMatchObject({ displayName: "[0]", boundaryID: fit });
    expect(run.node("step")).toMatchObject({
      displayName: "step",
      boundaryID: fit,
      templateName: "step",
    });
    const status = await run.succeed("step");
    expect(status.phase).toBe("Succeeded");
    expect(status.nodes?.[fit]?.outboundNodes).toEqual([
      nodeId("nest-a1", "nest-a1[1].fit[0].step"),
    ]);
  });

  it("names a DAG inside a DAG <wf>.a.b", async () => {
    const run = await fx.run(`
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: { name: nest-b2 }
spec:
  entrypoint: main
  templates:
    - name: main
      dag: { tasks: [{ name: a, template: inner }, { name: c, template: step, depends: a }] }
    - name: inner
      dag: { tasks: [{ name: b, template: step }] }
    - name: step
      container: { image: alpine }
`);
    await run.start();
    expect(run.node("nest-b2.a.b")).toMatchObject({
      displayName: "b",
      type: "Pod",
      boundaryID: nodeId("nest-b2", "nest-b2.a"),
    });
    await run.succeed("b");
    // A task after a DAG hangs under that DAG's outbound nodes.
    expect(run.status().nodes?.[nodeId("nest-b2", "nest-b2.a.b")]?.children).toEqual([
      nodeId("nest-b2", "nest-b2.c"),
    ]);
    expect((await run.succeed("c")).phase).toBe("Succeeded");
  });

  it("runs a templateRef'd template from another WorkflowTemplate in the namespace", async () => {
    const run = await fx.run(`
apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata: { name: lib }
spec:
  templates:
    - name: notify
      steps: [[{ name: send, template: curl }]]
    - name: curl
      container: { image: curlimages/curl }
---
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: { name: nest-c3 }
spec:
  entrypoint: main
  templates:
    - name: main
      steps: [[{ name: notify, templateRef: { name: lib, template: notify } }]]
`);
    await run.start();
    expect(run.node("notify")).toMatchObject({
      type: "Steps",
      templateRef: { name: "lib", template: "notify" },
      templateScope: "local/nest-c3",
    });
    expect(run.node("notify")?.templateName).toBeUndefined();
    expect(run.node("send")).toMatchObject({
      templateName: "curl",
      templateScope: "namespaced/lib",
    });
    expect(run.podName("send")).toMatch(/^nest-c3-curl-\d+$/);
    expect((await run.succeed("send")).phase).toBe("Succeeded");
  });

  it("waits on a suspend step until the test resumes it", async () => {
    const run = await fx.run(`
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: { name: nest-d4 }
spec:
  entrypoint: main
  templates:
    - name: main
      steps: [[{ name: approve, template: gate }], [{ name: deploy, template: step }]]
    - name: gate
      suspend: {}
    - name: step
      container: { image: alpine }
`);
    await run.start();
    expect(run.node("approve")).toMatchObject({ type: "Suspend", phase: "Running" });
    expect(run.status().progress).toBe("0/1");
    await run.succeed("approve");
    expect(run.node("deploy")?.phase).toBe("Pending");
  });
});
