// Every serviceAccountName Argo reads, at every level, and the ones a podSpecPatch sets, are
// held to the server policy's list.
import { describe, expect, it } from "vitest";
import { check, repoPolicy, syncProblems } from "./admission-fixtures.ts";

type Json = Record<string, unknown>;

const main = { name: "main", container: { image: "python:3.12" } };

function workflowTemplate(spec: Json): Json {
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "WorkflowTemplate",
    metadata: { name: "train" },
    spec: { entrypoint: "main", ...spec },
  };
}

const withAccount = (template: Json, account: string) => ({
  ...template,
  serviceAccountName: account,
});
const withExecutor = (template: Json, account: string) => ({
  ...template,
  executor: { serviceAccountName: account },
});
const inline = (template: Json) => ({ name: "main", steps: [[{ name: "fit", inline: template }]] });
const inlineTask = (template: Json) => ({
  name: "main",
  dag: { tasks: [{ name: "fit", inline: template }] },
});

const levels: Array<{ level: string; document: Json; path: Array<string | number>; via?: string }> =
  [
    {
      level: "spec.serviceAccountName",
      document: workflowTemplate(withAccount({ templates: [main] }, "root")),
      path: ["spec", "serviceAccountName"],
    },
    {
      level: "spec.executor.serviceAccountName",
      document: workflowTemplate(withExecutor({ templates: [main] }, "root")),
      path: ["spec", "executor", "serviceAccountName"],
    },
    {
      level: "spec.templateDefaults.serviceAccountName",
      document: workflowTemplate({
        templateDefaults: { serviceAccountName: "root" },
        templates: [main],
      }),
      path: ["spec", "templateDefaults", "serviceAccountName"],
    },
    {
      level: "spec.templateDefaults.executor.serviceAccountName",
      document: workflowTemplate({
        templateDefaults: { executor: { serviceAccountName: "root" } },
        templates: [main],
      }),
      path: ["spec", "templateDefaults", "executor", "serviceAccountName"],
    },
    {
      level: "a template's serviceAccountName",
      document: workflowTemplate({ templates: [withAccount(main, "root")] }),
      path: ["spec", "templates", 0, "serviceAccountName"],
    },
    {
      level: "a template's executor.serviceAccountName",
      document: workflowTemplate({ templates: [withExecutor(main, "root")] }),
      path: ["spec", "templates", 0, "executor", "serviceAccountName"],
    },
    {
      level: "an inline step template",
      document: workflowTemplate({
        templates: [inline(withAccount({ container: { image: "alpine" } }, "root"))],
      }),
      path: ["spec", "templates", 0, "steps", 0, 0, "inline", "serviceAccountName"],
    },
    {
      level: "an inline DAG task template's executor",
      document: workflowTemplate({
        templates: [inlineTask(withExecutor({ container: { image: "alpine" } }, "root"))],
      }),
      path: ["spec", "templates", 0, "dag", "tasks", 0, "inline", "executor", "serviceAccountName"],
    },
    {
      level: "a nested inline template",
      document: workflowTemplate({
        templates: [
          inline({
            dag: {
              tasks: [
                { name: "deep", inline: withAccount({ container: { image: "alpine" } }, "root") },
              ],
            },
          }),
        ],
      }),
      path: [
        "spec",
        "templates",
        0,
        "steps",
        0,
        0,
        "inline",
        "dag",
        "tasks",
        0,
        "inline",
        "serviceAccountName",
      ],
    },
    {
      level: "a template's podSpecPatch serviceAccountName",
      document: workflowTemplate({
        templates: [{ ...main, podSpecPatch: "serviceAccountName: root\n" }],
      }),
      path: ["spec", "templates", 0, "podSpecPatch"],
      via: "spec.templates[0].podSpecPatch: serviceAccountName",
    },
    {
      level: "the workflow's podSpecPatch serviceAccount (deprecated)",
      document: workflowTemplate({ podSpecPatch: '{"serviceAccount": "root"}', templates: [main] }),
      path: ["spec", "podSpecPatch"],
      via: "spec.podSpecPatch: serviceAccount",
    },
    {
      level: "a CronWorkflow's workflowSpec template",
      document: {
        apiVersion: "argoproj.io/v1alpha1",
        kind: "CronWorkflow",
        metadata: { name: "nightly" },
        spec: {
          schedules: ["0 2 * * *"],
          workflowSpec: { entrypoint: "main", templates: [withAccount(main, "root")] },
        },
      },
      path: ["spec", "workflowSpec", "templates", 0, "serviceAccountName"],
    },
  ];

const policy = repoPolicy("", "serviceAccounts: [ml-runner]");

describe("service accounts", () => {
  for (const { level, document, path, via } of levels) {
    it(`refuses an account the server policy does not list at ${level}`, () => {
      const set = via ? ` (set by ${via})` : "";
      expect(check(document, policy)).toEqual([
        {
          path,
          message: `service account "root"${set} is not allowed by the server policy (allowed: ml-runner)`,
          severity: "error",
        },
      ]);
      const allowed = JSON.parse(JSON.stringify(document).replaceAll("root", "ml-runner"));
      expect(check(allowed, policy)).toEqual([]);
    });
  }

  it("refuses an account filled in at run time and says so", () => {
    const document = workflowTemplate({
      templates: [withAccount(main, "{{workflow.parameters.sa}}")],
    });
    expect(check(document, policy).map((problem) => problem.message)).toEqual([
      'service account "{{workflow.parameters.sa}}" is filled in at run time, so the server policy cannot admit it; name one it allows (allowed: ml-runner)',
    ]);
  });

  it("says to leave it unset when the server policy allows none", () => {
    const document = workflowTemplate({ templates: [withAccount(main, "default")] });
    expect(check(document, repoPolicy()).map((problem) => problem.message)).toEqual([
      'service account "default" is not allowed by the server policy (allowed: none; leave it unset)',
    ]);
  });

  it("does not check accounts when the list is unknown (a lint without the server policy)", () => {
    const { serviceAccounts: _unknown, ...unknown } = policy;
    expect(check(workflowTemplate({ templates: [withAccount(main, "root")] }), unknown)).toEqual(
      [],
    );
  });

  it("refuses, even at privileged, a podSpecPatch it cannot read for its service account", () => {
    const document = workflowTemplate({
      templates: [{ ...main, podSpecPatch: "serviceAccountName: [" }],
    });
    const privileged = repoPolicy("podSecurity: privileged", "serviceAccounts: [ml-runner]");
    expect(check(document, privileged).map((problem) => problem.message)).toEqual([
      "spec.templates[0].podSpecPatch is not valid YAML (line 2 of the patch: YAML syntax error: unexpected end of the stream within a flow collection), so the service account it may set cannot be checked against the server policy; write it as a YAML mapping of pod spec fields",
    ]);
  });

  it("reports each account at its file line", async () => {
    const text = `apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: train
spec:
  entrypoint: main
  templateDefaults:
    serviceAccountName: cluster-admin
  templates:
    - name: main
      steps:
        - - name: fit
            inline:
              container:
                image: python:3.12
              podSpecPatch: |
                serviceAccountName: cluster-admin
`;
    expect(
      await syncProblems({ "workflows/train.yaml": text }, "", "serviceAccounts: [ml-runner]"),
    ).toEqual([
      'workflows/train.yaml:8:5: service account "cluster-admin" is not allowed by the server policy (allowed: ml-runner)',
      'workflows/train.yaml:16:15: service account "cluster-admin" (set by spec.templates[0].steps[0][0].inline.podSpecPatch: serviceAccountName) is not allowed by the server policy (allowed: ml-runner)',
    ]);
  });
});
