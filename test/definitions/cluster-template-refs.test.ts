// A templateRef or workflowTemplateRef with clusterScope: true may call only the
// ClusterWorkflowTemplates the repository's rule lists (none by default).
import { describe, expect, it } from "vitest";
import { check, repoPolicy, syncProblems } from "./admission-fixtures.ts";

type Json = Record<string, unknown>;

const ref = (name: string, clusterScope = true) => ({ name, template: "main", clusterScope });

function workflowTemplate(spec: Json): Json {
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "WorkflowTemplate",
    metadata: { name: "train" },
    spec: { entrypoint: "main", ...spec },
  };
}

const calls: Array<{ place: string; document: Json; path: Array<string | number> }> = [
  {
    place: "a step",
    document: workflowTemplate({
      templates: [{ name: "main", steps: [[{ name: "export", templateRef: ref("x") }]] }],
    }),
    path: ["spec", "templates", 0, "steps", 0, 0, "templateRef"],
  },
  {
    place: "a DAG task",
    document: workflowTemplate({
      templates: [{ name: "main", dag: { tasks: [{ name: "export", templateRef: ref("x") }] } }],
    }),
    path: ["spec", "templates", 0, "dag", "tasks", 0, "templateRef"],
  },
  {
    place: "a step of a nested inline template",
    document: workflowTemplate({
      templates: [
        {
          name: "main",
          dag: {
            tasks: [
              { name: "stage", inline: { steps: [[{ name: "export", templateRef: ref("x") }]] } },
            ],
          },
        },
      ],
    }),
    path: ["spec", "templates", 0, "dag", "tasks", 0, "inline", "steps", 0, 0, "templateRef"],
  },
  {
    place: "a step's lifecycle hook",
    document: workflowTemplate({
      templates: [
        {
          name: "main",
          steps: [[{ name: "fit", template: "fit", hooks: { exit: { templateRef: ref("x") } } }]],
        },
        { name: "fit", container: { image: "alpine" } },
      ],
    }),
    path: ["spec", "templates", 0, "steps", 0, 0, "hooks", "exit", "templateRef"],
  },
  {
    place: "the workflow's lifecycle hook",
    document: workflowTemplate({
      hooks: { exit: { templateRef: ref("x") } },
      templates: [{ name: "main", container: { image: "alpine" } }],
    }),
    path: ["spec", "hooks", "exit", "templateRef"],
  },
  {
    place: "a CronWorkflow's workflowTemplateRef",
    document: {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "CronWorkflow",
      metadata: { name: "nightly" },
      spec: {
        schedules: ["0 2 * * *"],
        workflowSpec: { workflowTemplateRef: { name: "x", clusterScope: true } },
      },
    },
    path: ["spec", "workflowSpec", "workflowTemplateRef"],
  },
];

describe("cluster-scoped template references", () => {
  for (const { place, document, path } of calls) {
    it(`from ${place} are refused unless the rule lists the ClusterWorkflowTemplate`, () => {
      const where = path
        .map((step, index) => (typeof step === "number" ? `[${step}]` : index ? `.${step}` : step))
        .join("");
      expect(check(document, repoPolicy())).toEqual([
        {
          path: [...path, "name"],
          message: `${where} calls ClusterWorkflowTemplate "x", which this repository may not call (the server policy's clusterWorkflowTemplates: none)`,
          severity: "error",
        },
      ]);
      expect(check(document, repoPolicy("clusterWorkflowTemplates: [x]"))).toEqual([]);
    });
  }

  it("leave namespaced references alone", () => {
    const document = workflowTemplate({
      templates: [
        {
          name: "main",
          steps: [
            [{ name: "a", templateRef: ref("x", false) }],
            [{ name: "b", templateRef: { name: "y", template: "main" } }],
          ],
        },
      ],
    });
    expect(check(document, repoPolicy())).toEqual([]);
  });

  it("refuse a name filled in at run time", () => {
    const document = workflowTemplate({
      templates: [
        { name: "main", steps: [[{ name: "a", templateRef: ref("{{workflow.parameters.t}}") }]] },
      ],
    });
    expect(
      check(document, repoPolicy("clusterWorkflowTemplates: [shared-export]")).map(
        (p) => p.message,
      ),
    ).toEqual([
      'spec.templates[0].steps[0][0].templateRef.name is filled in at run time ("{{workflow.parameters.t}}"), so coxswain cannot tell which ClusterWorkflowTemplate it calls; name one (the server policy\'s clusterWorkflowTemplates: shared-export)',
    ]);
  });

  it("are reported at the line of the name", async () => {
    const text = `apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: train
spec:
  entrypoint: main
  templates:
    - name: main
      steps:
        - - name: export
            templateRef:
              clusterScope: true
              name: cluster-admin-tools
              template: main
`;
    expect(
      await syncProblems(
        { "workflows/train.yaml": text },
        "clusterWorkflowTemplates: [shared-export]",
      ),
    ).toEqual([
      'workflows/train.yaml:13:15: spec.templates[0].steps[0][0].templateRef calls ClusterWorkflowTemplate "cluster-admin-tools", which this repository may not call (the server policy\'s clusterWorkflowTemplates: shared-export)',
    ]);
  });
});
