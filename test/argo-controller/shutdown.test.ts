import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ArgoRun, nodeId } from "../support/argo-controller/index.ts";
import { type Fixture, nodeSummary, startFixture } from "./fixture.ts";

// `train` then `publish`, and an exit handler; the `train` step may carry more (continueOn).
const pipeline = (name: string, train = "") => `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: { name: ${name} }
spec:
  entrypoint: main
  onExit: exit-handler
  templates:
    - name: main
      steps:
        - - { name: train, template: step${train} }
        - - { name: publish, template: step }
    - name: exit-handler
      steps:
        - - { name: notify, template: step }
    - name: step
      container: { image: alpine }
`;

describe("spec.shutdown, written through the API while a run goes", () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await startFixture();
  });
  afterAll(() => fx.close());

  // What coxswain's /stop and /terminate write (app/runs/stop-run.ts).
  const shutDown = (run: ArgoRun, how: "Stop" | "Terminate") =>
    fx.target.patchForeign("workflows", run.namespace, run.name, { spec: { shutdown: how } });

  const podNames = async (run: ArgoRun) =>
    (await fx.core.listNamespacedPod({ namespace: run.namespace })).items.map(
      (pod) => pod.metadata?.name,
    );

  it("changes nothing on a pass while the Workflow has no spec.shutdown", async () => {
    const run = await fx.run(pipeline("calm-a1"));
    await run.start();
    await run.progress("train");
    const writes = run.writes;
    const status = await run.operate();
    expect(status.phase).toBe("Running");
    expect(run.writes).toBe(writes);
  });

  it("Terminate fails the running pod with Argo's message and ends the run Failed", async () => {
    const run = await fx.run(pipeline("term-b2"));
    await run.start();
    await run.progress("train");
    await shutDown(run, "Terminate");
    const status = await run.operate();
    expect(status).toMatchObject({
      phase: "Failed",
      message: "Stopped with strategy 'Terminate'",
    });
    expect(run.node("train")).toMatchObject({
      phase: "Failed",
      message: "workflow shutdown with strategy:  Terminate",
    });
    expect(run.node("publish")).toBeUndefined();
    const wf = await fx.workflow(run.namespace, run.name);
    expect(wf.metadata.labels?.["workflows.argoproj.io/completed"]).toBe("true");
  });

  it("Terminate does not run the exit handler", async () => {
    const run = await fx.run(pipeline("term-c3"));
    await run.start();
    await shutDown(run, "Terminate");
    await run.operate();
    expect(nodeSummary(run)).toEqual({
      "term-c3": "Steps Failed",
      "term-c3[0]": "StepGroup Failed",
      "term-c3[0].train": "Pod Failed",
    });
    expect(await podNames(run)).toEqual([run.podName("train")]);
  });

  it("Terminate lets no later step create its pod; the step fails in its place", async () => {
    const run = await fx.run(pipeline("term-d4", ", continueOn: { failed: true }"));
    await run.start();
    await run.progress("train");
    await shutDown(run, "Terminate");
    const status = await run.operate();
    expect(run.node("publish")).toMatchObject({
      type: "Pod",
      phase: "Failed",
      message: "workflow shutdown with strategy: Terminate",
    });
    expect(await podNames(run)).toEqual([run.podName("train")]);
    expect(status.phase).toBe("Failed");
  });

  it("Stop fails the running pod but runs the exit handler before the run ends", async () => {
    const run = await fx.run(pipeline("stop-e5"));
    await run.start();
    await run.progress("train");
    await shutDown(run, "Stop");
    const status = await run.operate();
    expect(status.phase).toBe("Running");
    expect(run.node("train")).toMatchObject({
      phase: "Failed",
      message: "workflow shutdown with strategy:  Stop",
    });
    expect(run.node("publish")).toBeUndefined();
    expect(run.node("notify")?.phase).toBe("Pending");
    expect(await podNames(run)).toContain(run.podName("notify"));
    const done = await run.succeed("notify");
    expect(done).toMatchObject({ phase: "Failed", message: "Stopped with strategy 'Stop'" });
  });

  it("Stop leaves an exit handler that already runs alone, and the run keeps its outcome", async () => {
    const run = await fx.run(pipeline("stop-f6"));
    await run.start();
    await run.succeed("train");
    await run.succeed("publish");
    await run.progress("notify");
    await shutDown(run, "Stop");
    await run.operate();
    expect(run.node("notify")?.phase).toBe("Running");
    const done = await run.succeed("notify");
    expect(done.phase).toBe("Succeeded");
    expect(done.message).toBeUndefined();
  });

  it("Terminate fails an exit handler that already runs; the run fails with its message", async () => {
    const run = await fx.run(pipeline("term-g7"));
    await run.start();
    await run.succeed("train");
    await run.succeed("publish");
    await shutDown(run, "Terminate");
    const status = await run.operate();
    expect(run.node("notify")).toMatchObject({
      phase: "Failed",
      message: "workflow shutdown with strategy:  Terminate",
    });
    expect(status).toMatchObject({
      phase: "Failed",
      message: `child '${nodeId("term-g7", "term-g7.onExit[0].notify")}' failed`,
    });
  });

  it("Stop does not retry the failed attempt; the Retry node says why", async () => {
    const run = await fx.run(`
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: { name: retry-h8 }
spec:
  entrypoint: main
  templates:
    - name: main
      steps:
        - - { name: train, template: step }
    - name: step
      retryStrategy: { limit: 3 }
      container: { image: alpine }
`);
    await run.start();
    await run.progress("train");
    await shutDown(run, "Stop");
    await run.operate();
    expect(run.nodes("train").map((n) => `${n.displayName} ${n.type} ${n.phase}`)).toEqual([
      "train Retry Failed",
      "train(0) Pod Failed",
    ]);
    expect(run.node("train")?.message).toBe("Stopped with strategy 'Stop'");
  });

  it("Stop fails a suspended step with Argo's message", async () => {
    const run = await fx.run(`
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: { name: suspend-i9 }
spec:
  entrypoint: main
  templates:
    - name: main
      steps:
        - - { name: approve, template: approval }
    - name: approval
      suspend: {}
`);
    await run.start();
    await shutDown(run, "Stop");
    const status = await run.operate();
    expect(run.node("approve")).toMatchObject({
      type: "Suspend",
      phase: "Failed",
      message: "Stopped with strategy 'Stop'",
    });
    expect(status).toMatchObject({ phase: "Failed", message: "Stopped with strategy 'Stop'" });
  });

  it("a DAG fails as soon as the shutdown is seen, even with a task still running", async () => {
    const run = await fx.run(`
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: { name: dag-j10 }
spec:
  entrypoint: main
  templates:
    - name: main
      dag:
        tasks:
          - { name: build, template: step }
          - { name: hold, template: approval, depends: build.Failed }
    - name: step
      container: { image: alpine }
    - name: approval
      suspend: {}
`);
    await run.start();
    await shutDown(run, "Terminate");
    const status = await run.operate();
    // hold starts (a suspend node needs no pod) in the pass that fails the DAG, and stays so.
    expect(nodeSummary(run)).toEqual({
      "dag-j10": "DAG Failed",
      "dag-j10.build": "Pod Failed",
      "dag-j10.hold": "Suspend Running",
    });
    expect(status).toMatchObject({
      phase: "Failed",
      message: "Stopped with strategy 'Terminate'",
    });
  });

  it("Stop lets an exit handler written as a DAG run to its end", async () => {
    const run = await fx.run(`
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: { name: dagexit-k11 }
spec:
  entrypoint: main
  onExit: exit-handler
  templates:
    - name: main
      steps:
        - - { name: train, template: step }
    - name: exit-handler
      dag:
        tasks:
          - { name: notify, template: step }
    - name: step
      container: { image: alpine }
`);
    await run.start();
    await shutDown(run, "Stop");
    await run.operate();
    expect(run.node("dagexit-k11.onExit")?.phase).toBe("Running");
    expect(run.node("notify")?.phase).toBe("Pending");
    const done = await run.succeed("notify");
    expect(run.node("dagexit-k11.onExit")?.phase).toBe("Succeeded");
    expect(done).toMatchObject({ phase: "Failed", message: "Stopped with strategy 'Stop'" });
  });
});
