import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeId } from "../support/argo-controller/index.ts";
import { type Fixture, nodeSummary, startFixture } from "./fixture.ts";

const withExit = (name: string) => `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: { name: ${name} }
spec:
  entrypoint: main
  onExit: exit-handler
  templates:
    - name: main
      steps:
        - - { name: train, template: step }
    - name: exit-handler
      steps:
        - - { name: notify, template: step, when: "{{workflow.status}} != Succeeded" }
          - { name: cleanup, template: step }
    - name: step
      container: { image: alpine }
`;

describe("an onExit handler", () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await startFixture();
  });
  afterAll(() => fx.close());

  it("runs after the main nodes, under <workflow>.onExit, before the run completes", async () => {
    const run = await fx.run(withExit("exit-a1"));
    await run.start();
    const status = await run.succeed("train");
    expect(status.phase).toBe("Running");
    expect(nodeSummary(run)).toEqual({
      "exit-a1": "Steps Succeeded",
      "exit-a1[0]": "StepGroup Succeeded",
      "exit-a1[0].train": "Pod Succeeded",
      "exit-a1.onExit": "Steps Running",
      "exit-a1.onExit[0]": "StepGroup Running",
      "exit-a1.onExit[0].notify": "Skipped Skipped",
      "exit-a1.onExit[0].cleanup": "Pod Pending",
    });
    const onExit = status.nodes?.[nodeId("exit-a1", "exit-a1.onExit")];
    expect(onExit).toMatchObject({
      displayName: "exit-a1.onExit",
      templateName: "exit-handler",
      nodeFlag: { hooked: true },
    });
    expect(onExit?.boundaryID).toBeUndefined();
    expect(run.node("cleanup")).toMatchObject({
      boundaryID: nodeId("exit-a1", "exit-a1.onExit"),
      displayName: "cleanup",
    });
    const pod = await fx.core.readNamespacedPod({
      namespace: run.namespace,
      name: run.podName("cleanup"),
    });
    expect(pod.metadata?.labels?.["workflows.argoproj.io/on-exit"]).toBe("true");
    const done = await run.finish();
    expect(done).toMatchObject({ phase: "Succeeded", progress: "2/2" });
    expect(run.node("cleanup")?.phase).toBe("Succeeded");
  });

  it("still runs when the main nodes failed, and the run keeps the main failure", async () => {
    const run = await fx.run(withExit("exit-b2"));
    await run.start();
    await run.fail("train");
    expect(run.node("notify")?.phase).toBe("Pending");
    const status = await run.finishAs("Failed");
    expect(status).toMatchObject({
      phase: "Failed",
      message: `child '${nodeId("exit-b2", "exit-b2[0].train")}' failed`,
    });
    expect(run.node("notify")?.phase).toBe("Succeeded");
  });

  it("fails a successful run when the exit handler fails", async () => {
    const run = await fx.run(withExit("exit-c3"));
    await run.start();
    await run.succeed("train");
    const status = await run.fail("cleanup", { message: "webhook unreachable" });
    expect(status).toMatchObject({
      phase: "Failed",
      message: `child '${nodeId("exit-c3", "exit-c3.onExit[0].cleanup")}' failed`,
    });
  });
});
