import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Fixture, nodeSummary, startFixture } from "./fixture.ts";

const template = `
apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata: { name: nightly }
spec:
  entrypoint: main
  arguments: { parameters: [{ name: dataset, value: small }, { name: lr, value: "0.1" }] }
  templates:
    - name: main
      dag:
        tasks:
          - name: fit
            template: fit
            arguments: { parameters: [{ name: data, value: "{{workflow.parameters.dataset}}" }] }
    - name: fit
      inputs: { parameters: [{ name: data }] }
      outputs: { parameters: [{ name: model, globalName: model-uri, valueFrom: { path: /tmp/uri } }] }
      container: { image: trainer:2 }
`;

const workflow = `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: { name: nightly-x7k2p, labels: { coxswain.dev/template: nightly } }
spec:
  workflowTemplateRef: { name: nightly }
  arguments: { parameters: [{ name: dataset, value: large }] }
`;

describe("a run from a workflowTemplateRef", () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await startFixture();
  });
  afterAll(() => fx.close());

  it("takes its spec from the WorkflowTemplate, with the run's arguments, and labels the template", async () => {
    const run = await fx.run(`${template}---${workflow}`);
    const status = await run.start();
    expect(nodeSummary(run)).toEqual({
      "nightly-x7k2p": "DAG Running",
      "nightly-x7k2p.fit": "Pod Pending",
    });
    expect(run.node("fit")?.inputs?.parameters?.[0]).toMatchObject({
      name: "data",
      value: "large",
    });
    expect(status.storedWorkflowTemplateSpec).toMatchObject({
      entrypoint: "main",
      workflowTemplateRef: { name: "nightly" },
      arguments: {
        parameters: [
          { name: "dataset", value: "large" },
          { name: "lr", value: "0.1" },
        ],
      },
    });
    const wf = await fx.workflow(run.namespace, run.name);
    expect(wf.metadata.labels).toMatchObject({
      "coxswain.dev/template": "nightly",
      "workflows.argoproj.io/workflow-template": "nightly",
      "workflows.argoproj.io/phase": "Running",
    });
  });

  it("exports an output with a globalName as the workflow's outputs", async () => {
    const run = await fx.run(`${template}---${workflow}`);
    await run.start();
    const status = await run.succeed("fit", {
      outputs: { parameters: [{ name: "model", value: "s3://models/42" }] },
    });
    expect(status.phase).toBe("Succeeded");
    expect(status.outputs).toEqual({
      parameters: [{ name: "model-uri", value: "s3://models/42" }],
    });
  });
});
