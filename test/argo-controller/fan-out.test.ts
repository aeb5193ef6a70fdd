import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeId } from "../support/argo-controller/index.ts";
import { type Fixture, nodeSummary, startFixture } from "./fixture.ts";

describe("fan-out with withItems and withParam", () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await startFixture();
  });
  afterAll(() => fx.close());

  it("expands a step's items straight under its step group, named name(i:item)", async () => {
    const run = await fx.run(`
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: { name: fan-a1 }
spec:
  entrypoint: main
  templates:
    - name: main
      steps:
        - - name: shard
            template: echo
            arguments: { parameters: [{ name: part, value: "{{item}}" }] }
            withItems: [a, b]
          - name: region
            template: echo
            arguments: { parameters: [{ name: part, value: "{{item.zone}}" }] }
            withItems: [{ zone: eu, size: 2 }]
    - name: echo
      inputs: { parameters: [{ name: part }] }
      container: { image: alpine }
`);
    await run.start();
    const id = (name: string) => nodeId("fan-a1", name);
    expect(nodeSummary(run)).toEqual({
      "fan-a1": "Steps Running",
      "fan-a1[0]": "StepGroup Running",
      "fan-a1[0].shard(0:a)": "Pod Pending",
      "fan-a1[0].shard(1:b)": "Pod Pending",
      "fan-a1[0].region(0:size:2,zone:eu)": "Pod Pending",
    });
    expect(run.status().nodes?.[id("fan-a1[0]")]?.children).toEqual([
      id("fan-a1[0].shard(0:a)"),
      id("fan-a1[0].shard(1:b)"),
      id("fan-a1[0].region(0:size:2,zone:eu)"),
    ]);
    expect(run.node("shard(1:b)")).toMatchObject({
      displayName: "shard(1:b)",
      inputs: { parameters: [{ name: "part", value: "b" }] },
    });
    expect(run.node("region")?.inputs?.parameters?.[0]?.value).toBe("eu");
    await run.succeed("shard(0:a)");
    expect(run.status().progress).toBe("1/3");
    const status = await run.succeed("shard");
    expect(status.phase).toBe("Running");
    expect((await run.succeed("region")).phase).toBe("Succeeded");
  });

  it("expands a DAG task from an earlier task's output under a TaskGroup node", async () => {
    const run = await fx.run(`
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: { name: fan-b2 }
spec:
  entrypoint: main
  templates:
    - name: main
      dag:
        tasks:
          - { name: list, template: lister }
          - name: train
            template: trainer
            depends: list
            withParam: "{{tasks.list.outputs.result}}"
            arguments: { parameters: [{ name: model, value: "{{item}}" }] }
          - { name: pick, template: lister, depends: train }
    - name: lister
      script: { image: python:3.12, source: "print(1)" }
    - name: trainer
      inputs: { parameters: [{ name: model }] }
      outputs: { parameters: [{ name: score, valueFrom: { path: /tmp/score } }] }
      container: { image: trainer:1 }
`);
    await run.start();
    await run.succeed("list", { outputs: { result: '["cnn","rnn"]' } });
    const id = (name: string) => nodeId("fan-b2", name);
    expect(nodeSummary(run)).toMatchObject({
      "fan-b2.train": "TaskGroup Running",
      "fan-b2.train(0:cnn)": "Pod Pending",
      "fan-b2.train(1:rnn)": "Pod Pending",
    });
    const status = run.status();
    expect(status.nodes?.[id("fan-b2.list")]?.children).toEqual([id("fan-b2.train")]);
    expect(status.nodes?.[id("fan-b2.train")]?.children).toEqual([
      id("fan-b2.train(0:cnn)"),
      id("fan-b2.train(1:rnn)"),
    ]);
    expect(run.node("train(1:rnn)")?.displayName).toBe("train(1:rnn)");
    await run.succeed("train(0:cnn)", {
      outputs: { parameters: [{ name: "score", value: "0.9" }] },
    });
    expect(run.node("train(0:cnn)")?.outputs).toEqual({
      parameters: [{ name: "score", value: "0.9", valueFrom: { path: "/tmp/score" } }],
      exitCode: "0",
    });
    await run.succeed("train(1:rnn)");
    expect(run.node("train")).toMatchObject({ type: "TaskGroup", phase: "Succeeded" });
    // The next task hangs under every item of the group.
    expect(run.status().nodes?.[id("fan-b2.train(1:rnn)")]?.children).toEqual([id("fan-b2.pick")]);
    expect((await run.succeed("pick")).phase).toBe("Succeeded");
  });
});
