import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Fixture, nodeSummary, startFixture } from "./fixture.ts";

const conditional = (name: string, deploy: string) => `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: { name: ${name} }
spec:
  entrypoint: main
  arguments: { parameters: [{ name: deploy, value: "${deploy}" }] }
  templates:
    - name: main
      steps:
        - - { name: train, template: step }
        - - { name: publish, template: step, when: "{{workflow.parameters.deploy}} == true" }
          - { name: notify, template: step, when: "'{{steps.train.status}}' == Succeeded" }
    - name: step
      container: { image: alpine }
`;

describe("a step whose when is false", () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await startFixture();
  });
  afterAll(() => fx.close());

  it("becomes a Skipped node with Argo's message, and the run still succeeds", async () => {
    const run = await fx.run(conditional("when-a1", "false"));
    await run.start();
    await run.succeed("train");
    expect(nodeSummary(run)).toMatchObject({
      "when-a1[1].publish": "Skipped Skipped",
      "when-a1[1].notify": "Pod Pending",
    });
    expect(run.node("publish")).toMatchObject({
      message: "when 'false == true' evaluated false",
      templateName: "step",
      displayName: "publish",
    });
    expect(run.node("publish")?.finishedAt).toBe(run.node("publish")?.startedAt);
    const status = await run.succeed("notify");
    expect(status).toMatchObject({ phase: "Succeeded", progress: "2/2" });
  });

  it("runs the step when the condition holds", async () => {
    const run = await fx.run(conditional("when-b2", "true"));
    await run.start();
    await run.succeed("train");
    expect(nodeSummary(run)).toMatchObject({ "when-b2[1].publish": "Pod Pending" });
  });

  it("skips a step the test chose to skip before its turn", async () => {
    const run = await fx.run(conditional("when-c3", "true"));
    await run.start();
    await run.skip("publish");
    await expect(run.skip("train")).rejects.toThrow(/already started/);
    await run.succeed("train");
    expect(run.node("publish")).toMatchObject({ type: "Skipped", phase: "Skipped" });
  });
});
