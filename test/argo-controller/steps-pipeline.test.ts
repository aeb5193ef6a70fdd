import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeId } from "../support/argo-controller/index.ts";
import { type Fixture, nodeSummary, startFixture } from "./fixture.ts";

const pipeline = `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: train-abc12
  labels: { app.kubernetes.io/managed-by: coxswain, coxswain.dev/template: train }
spec:
  entrypoint: main
  arguments: { parameters: [{ name: lr, value: "0.01" }] }
  templates:
    - name: main
      steps:
        - - name: load
            template: step
        - - name: train
            template: step
            arguments: { parameters: [{ name: lr, value: "{{workflow.parameters.lr}}" }] }
          - name: evaluate
            template: step
        - - name: publish
            template: step
    - name: step
      inputs: { parameters: [{ name: lr, default: "1" }] }
      container: { image: python:3.12, command: [python, -c, "print(1)"] }
`;

describe("a steps pipeline run to success", () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await startFixture();
  });
  afterAll(() => fx.close());

  it("starts Running with the root node, the first step group and the first pod pending", async () => {
    const run = await fx.run(pipeline);
    const status = await run.start();
    expect(status).toMatchObject({ phase: "Running", progress: "0/1" });
    expect(status.startedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(status.finishedAt).toBeUndefined();
    expect(nodeSummary(run)).toEqual({
      "train-abc12": "Steps Running",
      "train-abc12[0]": "StepGroup Running",
      "train-abc12[0].load": "Pod Pending",
    });
    const root = status.nodes?.["train-abc12"];
    expect(root).toMatchObject({
      id: "train-abc12",
      displayName: "train-abc12",
      templateName: "main",
    });
    expect(root?.children).toEqual([nodeId("train-abc12", "train-abc12[0]")]);
    const load = status.nodes?.[nodeId("train-abc12", "train-abc12[0].load")];
    expect(load).toMatchObject({
      displayName: "load",
      type: "Pod",
      templateName: "step",
      templateScope: "local/train-abc12",
      boundaryID: "train-abc12",
      inputs: { parameters: [{ name: "lr", default: "1", value: "1" }] },
    });
  });

  it("names and links every node like Argo, and rolls the phase and progress up to Succeeded", async () => {
    const run = await fx.run(pipeline.replace("train-abc12", "train-def34"));
    await run.start();
    await run.progress("load");
    expect(run.node("load")).toMatchObject({ phase: "Running", hostNodeName: "worker-1" });
    await run.succeed("load");
    expect(run.status().progress).toBe("1/3");
    await run.succeed("train");
    await run.succeed("evaluate");
    const status = await run.succeed("publish");
    const wf = "train-def34";
    expect(nodeSummary(run)).toEqual({
      [wf]: "Steps Succeeded",
      [`${wf}[0]`]: "StepGroup Succeeded",
      [`${wf}[0].load`]: "Pod Succeeded",
      [`${wf}[1]`]: "StepGroup Succeeded",
      [`${wf}[1].train`]: "Pod Succeeded",
      [`${wf}[1].evaluate`]: "Pod Succeeded",
      [`${wf}[2]`]: "StepGroup Succeeded",
      [`${wf}[2].publish`]: "Pod Succeeded",
    });
    const id = (name: string) => nodeId(wf, name);
    // A step group hangs under the outbound nodes of the group before it.
    expect(status.nodes?.[id(`${wf}[0].load`)]?.children).toEqual([id(`${wf}[1]`)]);
    expect(status.nodes?.[id(`${wf}[1].train`)]?.children).toEqual([id(`${wf}[2]`)]);
    expect(status.nodes?.[id(`${wf}[1].evaluate`)]?.children).toEqual([id(`${wf}[2]`)]);
    expect(status.nodes?.[wf]?.outboundNodes).toEqual([id(`${wf}[2].publish`)]);
    expect(status.nodes?.[id(`${wf}[1].train`)]?.inputs?.parameters?.[0]?.value).toBe("0.01");
    expect(status.nodes?.[id(`${wf}[1].train`)]?.outputs).toEqual({ exitCode: "0" });
    expect(status).toMatchObject({ phase: "Succeeded", progress: "4/4" });
    expect(status.nodes?.[wf]?.progress).toBe("4/4");
    expect(status.message).toBeUndefined();
    expect(status.finishedAt).toBeDefined();
    expect(status.conditions).toEqual([
      { type: "PodRunning", status: "False" },
      { type: "Completed", status: "True" },
    ]);
    expect(run.writes).toBe(6);
  });

  it("sets Argo's labels and annotation, and leaves coxswain's alone", async () => {
    const run = await fx.run(pipeline.replace("train-abc12", "train-gh567"));
    await run.start();
    let wf = await fx.workflow(run.namespace, run.name);
    expect(wf.metadata.labels).toEqual({
      "app.kubernetes.io/managed-by": "coxswain",
      "coxswain.dev/template": "train",
      "workflows.argoproj.io/phase": "Running",
      "workflows.argoproj.io/completed": "false",
    });
    expect(wf.metadata.annotations).toEqual({ "workflows.argoproj.io/pod-name-format": "v2" });
    await run.finishAs("Succeeded");
    wf = await fx.workflow(run.namespace, run.name);
    expect(wf.metadata.labels).toMatchObject({
      "workflows.argoproj.io/phase": "Succeeded",
      "workflows.argoproj.io/completed": "true",
    });
  });

  it("creates each step's pod named <workflow>-<template>-<fnv32a(node name)>, owned by the Workflow", async () => {
    const run = await fx.run(pipeline.replace("train-abc12", "train-ij890"));
    await run.start();
    const pods = await fx.core.listNamespacedPod({
      namespace: run.namespace,
      labelSelector: "workflows.argoproj.io/workflow=train-ij890",
    });
    expect(pods.items).toHaveLength(1);
    const pod = pods.items[0];
    const nodeName = "train-ij890[0].load";
    expect(pod?.metadata?.name).toBe(
      nodeId("train-ij890", nodeName).replace("train-ij890-", "train-ij890-step-"),
    );
    expect(pod?.metadata?.name).toBe(run.podName("load"));
    expect(pod?.metadata?.annotations).toMatchObject({
      "workflows.argoproj.io/node-id": nodeId("train-ij890", nodeName),
      "workflows.argoproj.io/node-name": nodeName,
    });
    expect(pod?.spec?.containers?.map((c) => [c.name, c.image])).toEqual([
      ["wait", "quay.io/argoproj/argoexec:v4.1.2"],
      ["main", "python:3.12"],
    ]);
    const wf = await fx.workflow(run.namespace, run.name);
    expect(pod?.metadata?.ownerReferences).toEqual([
      expect.objectContaining({ kind: "Workflow", name: "train-ij890", uid: wf.metadata.uid }),
    ]);
  });

  it("names pods after the node id with pod name format v1", async () => {
    const run = await fx.run(pipeline.replace("train-abc12", "train-kl123"), {
      podNameFormat: "v1",
    });
    await run.start();
    expect(run.podName("load")).toBe(nodeId("train-kl123", "train-kl123[0].load"));
    const wf = await fx.workflow(run.namespace, run.name);
    expect(wf.metadata.annotations?.["workflows.argoproj.io/pod-name-format"]).toBe("v1");
  });

  it("tells which nodes are active when a test names a step that has not started", async () => {
    const run = await fx.run(pipeline.replace("train-abc12", "train-mn456"));
    await run.start();
    await expect(run.succeed("publish")).rejects.toThrow(
      /no pending or running node matches.*active: load/,
    );
    await expect(run.finish()).rejects.toThrow(/still runs load/);
  });

  it("waits in Pending, without startedAt, while held back", async () => {
    const run = await fx.run(pipeline.replace("train-abc12", "train-op789"));
    const status = await run.pending("Waiting for default/Mutex/train lock");
    expect(status).toMatchObject({
      phase: "Pending",
      message: "Waiting for default/Mutex/train lock",
    });
    expect(status.startedAt).toBeUndefined();
    expect((await run.start()).phase).toBe("Running");
  });

  it("marks the run Error at once with finishAs('Error'), as a controller error does", async () => {
    const run = await fx.run(pipeline.replace("train-abc12", "train-qr012"));
    await run.start();
    const status = await run.finishAs("Error", { message: "pod deleted" });
    expect(status).toMatchObject({ phase: "Error", message: "pod deleted" });
    expect(status.nodes?.["train-qr012"]).toMatchObject({
      phase: "Error",
      message: "Workflow operation error",
    });
    expect(run.node("load")).toMatchObject({ phase: "Error", message: "pod deleted" });
    await expect(run.succeed("load")).rejects.toThrow(/already completed/);
  });
});
