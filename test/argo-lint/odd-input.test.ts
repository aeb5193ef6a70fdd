import { describe, expect, it } from "vitest";
import type { ArgoDocument } from "../../app/argo/lint/argo-document.ts";
import { lintArgoDocument } from "../../app/argo/lint/lint-argo-document.ts";
import { emptyLintContext } from "../../app/argo/lint/lint-context.ts";

const oddSpecs: unknown[] = [
  null,
  "spec",
  [],
  { templates: "main", entrypoint: 3 },
  { entrypoint: "main", templates: [null, 7, { name: 4 }, { name: "main", steps: "x" }] },
  {
    entrypoint: "main",
    templates: [{ name: "main", steps: [null, [null, 3, { template: 5 }], "x"] }],
  },
  {
    entrypoint: "main",
    templates: [{ name: "main", dag: { tasks: [{ name: "a", depends: 5, dependencies: "b" }] } }],
  },
  { entrypoint: "main", templates: [{ name: "main", dag: { tasks: "a", target: 3 } }] },
  {
    entrypoint: "main",
    hooks: [],
    onExit: {},
    templates: [{ name: "main", inputs: { parameters: "x" } }],
  },
  {
    entrypoint: "main",
    arguments: { parameters: [null] },
    templates: [{ name: "main", container: { args: ["{{"] } }],
  },
  {
    workflowTemplateRef: "x",
    templates: [{ name: "main", steps: [[{ name: "a", inline: { steps: [[{ inline: 1 }]] } }]] }],
  },
];

describe("lintArgoDocument on shapes the schema would reject", () => {
  it.each(
    oddSpecs.flatMap((spec) =>
      ["Workflow", "WorkflowTemplate"].map((kind) => [kind, spec] as const),
    ),
  )("does not throw for a %s with spec %j", (kind, spec) => {
    const document = {
      apiVersion: "argoproj.io/v1alpha1",
      kind,
      metadata: {},
      spec,
    } as ArgoDocument;
    const problems = lintArgoDocument(document, emptyLintContext);
    expect(problems.every((problem) => !problem.message.includes("stopped early"))).toBe(true);
  });

  it.each([
    null,
    {
      schedules: "0 2 * * *",
      timezone: 5,
      concurrencyPolicy: [],
      startingDeadlineSeconds: "x",
      workflowSpec: 3,
    },
    { schedules: [null, 3, "@every"], timezone: "" },
  ])("does not throw for a CronWorkflow with spec %j", (spec) => {
    const document = {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "CronWorkflow",
      metadata: {},
      spec,
    } as ArgoDocument;
    const problems = lintArgoDocument(document, emptyLintContext);
    expect(problems.every((problem) => !problem.message.includes("stopped early"))).toBe(true);
  });

  it("reports nothing for a WorkflowEventBinding", () => {
    const document = {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "WorkflowEventBinding",
      metadata: {},
      spec: {},
    };
    expect(lintArgoDocument(document, emptyLintContext)).toEqual([]);
  });
});
