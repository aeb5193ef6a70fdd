import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeId } from "../support/argo-controller/index.ts";
import { type Fixture, nodeSummary, startFixture } from "./fixture.ts";

const dag = (name: string) => `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: { name: ${name} }
spec:
  entrypoint: main
  templates:
    - name: main
      dag:
        tasks:
          - { name: prepare, template: step }
          - { name: train, template: step, dependencies: [prepare] }
          - { name: report, template: step, depends: train }
          - { name: cleanup, template: step, depends: train.Failed }
    - name: step
      container: { image: alpine:3.20 }
`;

describe("a DAG with a failing task", () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await startFixture();
  });
  afterAll(() => fx.close());

  it("omits the tasks that needed it, runs the ones that wanted its failure, and ends Failed", async () => {
    const run = await fx.run(dag("dag-a1b2c"));
    await run.start();
    await run.succeed("prepare");
    await run.progress("train");
    await run.fail("train", { message: "Error (exit code 1)" });
    expect(nodeSummary(run)).toEqual({
      "dag-a1b2c": "DAG Running",
      "dag-a1b2c.prepare": "Pod Succeeded",
      "dag-a1b2c.train": "Pod Failed",
      "dag-a1b2c.report": "Skipped Omitted",
      "dag-a1b2c.cleanup": "Pod Pending",
    });
    expect(run.node("report")?.message).toBe("omitted: depends condition not met");
    const status = await run.succeed("cleanup");
    expect(status.phase).toBe("Failed");
    // Argo leaves a DAG node's message empty, so a failed DAG run has no status.message.
    expect(status.message).toBeUndefined();
    expect(status.nodes?.["dag-a1b2c"]?.phase).toBe("Failed");
    expect(status.progress).toBe("2/3");
    const train = status.nodes?.[nodeId("dag-a1b2c", "dag-a1b2c.train")];
    expect(train).toMatchObject({
      displayName: "train",
      message: "Error (exit code 1)",
      outputs: { exitCode: "1" },
    });
    // Tasks hang under their dependencies.
    expect(status.nodes?.["dag-a1b2c"]?.children).toEqual([
      nodeId("dag-a1b2c", "dag-a1b2c.prepare"),
    ]);
    // Argo visits target tasks in sorted order.
    expect(train?.children).toEqual([
      nodeId("dag-a1b2c", "dag-a1b2c.cleanup"),
      nodeId("dag-a1b2c", "dag-a1b2c.report"),
    ]);
    const wf = await fx.workflow(run.namespace, run.name);
    expect(wf.metadata.labels).toMatchObject({
      "workflows.argoproj.io/phase": "Failed",
      "workflows.argoproj.io/completed": "true",
    });
  });

  it("keeps the failed task's pod, with its node annotations and its log in container main", async () => {
    const run = await fx.run(dag("dag-d3e4f"));
    await run.start();
    await run.succeed("prepare");
    await run.fail("train", { log: "epoch 1\nCUDA out of memory\n" });
    const name = run.podName("train");
    expect(name).toMatch(/^dag-d3e4f-step-\d+$/);
    const pod = await fx.core.readNamespacedPod({ namespace: run.namespace, name });
    expect(pod.metadata?.annotations).toMatchObject({
      "workflows.argoproj.io/node-id": nodeId("dag-d3e4f", "dag-d3e4f.train"),
      "workflows.argoproj.io/node-name": "dag-d3e4f.train",
    });
    expect(pod.metadata?.labels).toMatchObject({ "workflows.argoproj.io/workflow": "dag-d3e4f" });
    const log = await fx.core.readNamespacedPodLog({
      namespace: run.namespace,
      name,
      container: "main",
      tailLines: 1,
    });
    expect(log).toBe("CUDA out of memory\n");
    expect(run.node("train")?.message).toBe("main: Error (exit code 1)");
  });

  it("ends a DAG run in Error when a task errors", async () => {
    const run = await fx.run(dag("dag-g5h6i"));
    await run.start();
    await run.error("prepare", { message: "pod deleted" });
    const status = run.status();
    expect(status.phase).toBe("Error");
    expect(status.nodes?.[nodeId("dag-g5h6i", "dag-g5h6i.train")]).toMatchObject({
      phase: "Omitted",
      type: "Skipped",
    });
  });

  it("settles every remaining task with finishAs", async () => {
    const run = await fx.run(dag("dag-j7k8l"));
    await run.start();
    const status = await run.finishAs("Failed", {
      message: "OOMKilled (exit code 137)",
      exitCode: 137,
    });
    expect(status.phase).toBe("Failed");
    expect(run.node("prepare")).toMatchObject({
      phase: "Failed",
      message: "OOMKilled (exit code 137)",
      outputs: { exitCode: "137" },
    });
    expect(run.node("train")?.phase).toBe("Omitted");
  });
});
