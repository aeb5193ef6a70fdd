import type { V1Pod } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clockAt } from "../support/argo-runs.ts";
import { type Fixture, startFixture, twoStepWorkflow } from "./fixture.ts";

const pipeline = (name: string) => twoStepWorkflow(name, "python:3.12");

const mainOf = (pod: V1Pod) => pod.status?.containerStatuses?.find((c) => c.name === "main");

describe("the pods' status, as the kubelet writes it", () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await startFixture();
  });
  afterAll(() => fx.close());

  it("keeps a pod Pending until its step runs, then starts its containers on the controller's clock and ends them with the step", async () => {
    const clock = clockAt("2026-11-23T10:00:00Z");
    const run = await fx.run(pipeline("pods-a1"), { now: clock.now });
    await run.start();
    const read = (step: string) =>
      fx.core.readNamespacedPod({ namespace: run.namespace, name: run.podName(step) });
    expect((await read("load")).status).toEqual({ phase: "Pending" });
    clock.set("2026-11-23T10:00:20Z");
    await run.progress("load");
    const running = await read("load");
    expect(running.status?.phase).toBe("Running");
    expect(mainOf(running)).toMatchObject({
      image: "python:3.12",
      state: { running: { startedAt: new Date("2026-11-23T10:00:20Z") } },
    });
    clock.set("2026-11-23T10:01:00Z");
    await run.fail("load", { exitCode: 2 });
    const failed = await read("load");
    expect(failed.status?.phase).toBe("Failed");
    expect(mainOf(failed)?.state?.terminated).toMatchObject({
      exitCode: 2,
      reason: "Error",
      startedAt: new Date("2026-11-23T10:00:20Z"),
      finishedAt: new Date("2026-11-23T10:01:00Z"),
    });
    // The node waited from its start until its main container started.
    const node = run.nodes("load")[0];
    expect(node?.startedAt).toBe("2026-11-23T10:00:00Z");
  });

  it("starts and ends the containers at once for a step that ends without running first", async () => {
    const clock = clockAt("2026-11-23T10:00:00Z");
    const run = await fx.run(pipeline("pods-b1"), { now: clock.now });
    await run.start();
    clock.set("2026-11-23T10:00:30Z");
    await run.succeed("load");
    const pod = await fx.core.readNamespacedPod({
      namespace: run.namespace,
      name: run.podName("load"),
    });
    expect(pod.status?.phase).toBe("Succeeded");
    expect(mainOf(pod)?.state?.terminated).toMatchObject({
      exitCode: 0,
      reason: "Completed",
      startedAt: new Date("2026-11-23T10:00:30Z"),
      finishedAt: new Date("2026-11-23T10:00:30Z"),
    });
  });

  it("leaves a pod deleted meanwhile alone", async () => {
    const run = await fx.run(pipeline("pods-c1"));
    await run.start();
    fx.target.api.delete("pods", run.namespace, run.podName("load"));
    await run.succeed("load");
    expect(run.status().phase).toBe("Running");
  });
});
