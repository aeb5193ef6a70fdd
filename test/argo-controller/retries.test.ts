import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeId } from "../support/argo-controller/index.ts";
import { type Fixture, nodeSummary, startFixture } from "./fixture.ts";

const retried = (name: string, retryStrategy: string) => `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: { name: ${name} }
spec:
  entrypoint: main
  templates:
    - name: main
      steps:
        - - { name: load, template: flaky }
        - - { name: train, template: flaky }
    - name: flaky
      retryStrategy: ${retryStrategy}
      container: { image: alpine }
`;

describe("retries", () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await startFixture();
  });
  afterAll(() => fx.close());

  it("puts each attempt under a Retry node and goes on once one succeeds", async () => {
    const run = await fx.run(retried("retry-a1", "{ limit: 2 }"));
    await run.start();
    await run.fail("load");
    expect(nodeSummary(run)).toMatchObject({
      "retry-a1[0].load": "Retry Running",
      "retry-a1[0].load(0)": "Pod Failed",
      "retry-a1[0].load(1)": "Pod Pending",
    });
    const status = await run.succeed("load");
    const id = (name: string) => nodeId("retry-a1", name);
    const retry = status.nodes?.[id("retry-a1[0].load")];
    expect(retry).toMatchObject({
      type: "Retry",
      phase: "Succeeded",
      displayName: "load",
      templateName: "flaky",
    });
    expect(retry?.children).toEqual([id("retry-a1[0].load(0)"), id("retry-a1[0].load(1)")]);
    expect(status.nodes?.[id("retry-a1[0].load(1)")]).toMatchObject({
      displayName: "load(1)",
      nodeFlag: { retried: true },
      boundaryID: "retry-a1",
    });
    // The next step group hangs under the successful attempt.
    expect(status.nodes?.[id("retry-a1[0].load(1)")]?.children).toEqual([id("retry-a1[1]")]);
    expect(status.progress).toBe("1/3");
    expect(run.podName("load(1)")).toBe(
      `retry-a1-flaky-${id("retry-a1[0].load(1)").slice("retry-a1-".length)}`,
    );
  });

  it("fails the Retry node with 'No more retries left' once the limit is used up", async () => {
    const run = await fx.run(retried("retry-b2", "{ limit: 1 }"));
    await run.start();
    await run.fail("load");
    const status = await run.fail("load");
    expect(run.node("load")).toMatchObject({
      type: "Retry",
      phase: "Failed",
      message: "No more retries left",
    });
    expect(run.nodes("load").filter((n) => n.type === "Pod")).toHaveLength(2);
    expect(status).toMatchObject({
      phase: "Failed",
      message: `child '${nodeId("retry-b2", "retry-b2[0].load")}' failed`,
    });
  });

  it("does not retry an error under the default OnFailure policy", async () => {
    const run = await fx.run(retried("retry-c3", "{ limit: 3 }"));
    await run.start();
    await run.error("load", { message: "pod deleted" });
    expect(run.node("load")).toMatchObject({ phase: "Error", message: "pod deleted" });
    expect(run.status().phase).toBe("Failed");
  });

  it("retries errors too with retryPolicy Always", async () => {
    const run = await fx.run(retried("retry-d4", "{ limit: 3, retryPolicy: Always }"));
    await run.start();
    await run.error("load");
    expect(run.node("load")?.phase).toBe("Running");
    expect(run.node("load(1)")?.phase).toBe("Pending");
  });
});
