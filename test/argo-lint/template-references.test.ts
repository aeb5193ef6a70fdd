import { describe } from "vitest";
import { lintContextOf } from "../../app/argo/lint/lint-context.ts";
import { itReports, parseArgoDocument } from "./lint-cases.ts";

const header = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {generateName: wf-}
spec:
  entrypoint: main
`;
const leaves = `
    - {name: load, container: {image: busybox}}
    - {name: train, container: {image: busybox}}
    - {name: publish, container: {image: busybox}}
`;

const repository = lintContextOf([
  parseArgoDocument(`
apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata: {name: shared}
spec:
  templates:
    - {name: train, container: {image: python}}
    - {name: evaluate, container: {image: python}}
`),
]);

describe("template references", () => {
  itReports([
    {
      behaviour: "reports a step that calls an undefined template, suggesting the closest",
      yaml: `${header}  templates:
    - name: main
      steps:
        - - {name: load, template: load}
        - - {name: train, template: trian}
${leaves}`,
      problems: [
        {
          path: ["spec", "templates", 0, "steps", 1, 0, "template"],
          message:
            'template "trian" not found; did you mean "train"? (defined: main, load, train, publish)',
        },
      ],
      fix: [["template: trian", "template: train"]],
    },
    {
      behaviour:
        "reports a DAG task that calls an undefined template without a suggestion when none is close",
      yaml: `${header}  templates:
    - name: main
      dag:
        tasks:
          - {name: load, template: load}
          - {name: deploy, template: deploy-to-production}
${leaves}`,
      problems: [
        {
          path: ["spec", "templates", 0, "dag", "tasks", 1, "template"],
          message:
            'template "deploy-to-production" not found (defined: main, load, train, publish)',
        },
      ],
      fix: [["template: deploy-to-production", "template: publish"]],
    },
    {
      behaviour: "reports an undefined spec.onExit template",
      yaml: `${header}  onExit: notify
  templates:
    - {name: main, container: {image: busybox}}
    - {name: notifier, container: {image: busybox}}
`,
      problems: [
        {
          path: ["spec", "onExit"],
          message:
            'template "notify" not found; did you mean "notifier"? (defined: main, notifier)',
        },
      ],
      fix: [["onExit: notify", "onExit: notifier"]],
    },
    {
      behaviour: "reports undefined templates of a step's onExit and of a task's lifecycle hook",
      yaml: `${header}  templates:
    - name: main
      steps:
        - - {name: load, template: load, onExit: cleanup}
    - name: pipeline
      dag:
        tasks:
          - name: train
            template: train
            hooks:
              running: {expression: 'tasks.train.status == "Running"', template: heartbeat}
${leaves}`,
      problems: [
        {
          path: ["spec", "templates", 0, "steps", 0, 0, "onExit"],
          message: 'template "cleanup" not found (defined: main, pipeline, load, train, publish)',
        },
        {
          path: ["spec", "templates", 1, "dag", "tasks", 0, "hooks", "running", "template"],
          message: 'template "heartbeat" not found (defined: main, pipeline, load, train, publish)',
        },
      ],
      fix: [
        ["onExit: cleanup", "onExit: publish"],
        ["template: heartbeat", "template: publish"],
      ],
    },
    {
      behaviour: "reports an undefined workflow-level lifecycle hook template",
      yaml: `${header}  hooks:
    exit: {template: publsh}
  templates:
    - {name: main, container: {image: busybox}}
    - {name: publish, container: {image: busybox}}
`,
      problems: [
        {
          path: ["spec", "hooks", "exit", "template"],
          message: 'template "publsh" not found; did you mean "publish"? (defined: main, publish)',
        },
      ],
      fix: [["template: publsh", "template: publish"]],
    },
    {
      behaviour:
        "reports a templateRef to a missing template of a WorkflowTemplate in the repository",
      context: repository,
      yaml: `${header}  templates:
    - name: main
      steps:
        - - name: train
            templateRef: {name: shared, template: trian}
        - - name: elsewhere
            templateRef: {name: defined-in-the-cluster, template: anything}
        - - name: cluster
            templateRef: {name: shared, template: anything, clusterScope: true}
`,
      problems: [
        {
          path: ["spec", "templates", 0, "steps", 0, 0, "templateRef", "template"],
          message:
            'template "trian" not found in WorkflowTemplate "shared"; did you mean "train"? (defined: train, evaluate)',
        },
      ],
      fix: [["template: trian", "template: train"]],
    },
    {
      behaviour: "checks the template references inside an inline template",
      yaml: `${header}  templates:
    - name: main
      dag:
        tasks:
          - name: group
            inline:
              steps:
                - - {name: load, template: lod}
${leaves}`,
      problems: [
        {
          path: ["spec", "templates", 0, "dag", "tasks", 0, "inline", "steps", 0, 0, "template"],
          message:
            'template "lod" not found; did you mean "load"? (defined: main, load, train, publish)',
        },
      ],
      fix: [["template: lod", "template: load"]],
    },
    {
      behaviour: "reports a step that calls no template",
      yaml: `${header}  templates:
    - name: main
      steps:
        - - {name: load, arguments: {parameters: [{name: x, value: "1"}]}}
${leaves}`,
      problems: [
        {
          path: ["spec", "templates", 0, "steps", 0, 0],
          message: 'step "load" calls no template: set template, templateRef or inline',
        },
      ],
      fix: [["{name: load, arguments", "{name: load, template: load, arguments"]],
    },
    {
      behaviour: "reports a task that sets both template and templateRef",
      yaml: `${header}  templates:
    - name: main
      dag:
        tasks:
          - {name: load, template: load, templateRef: {name: shared, template: train}}
${leaves}`,
      problems: [
        {
          path: ["spec", "templates", 0, "dag", "tasks", 0, "templateRef"],
          message:
            'task "load" sets template and templateRef; set only one of template, templateRef or inline',
        },
      ],
      fix: [[", templateRef: {name: shared, template: train}", ""]],
    },
    {
      behaviour: "reports a template name used twice",
      yaml: `${header}  templates:
    - {name: main, container: {image: busybox}}
    - {name: load, container: {image: busybox}}
    - {name: load, container: {image: alpine}}
`,
      problems: [
        {
          path: ["spec", "templates", 2, "name"],
          message:
            'template name "load" is already used by templates[1]; template names must be unique',
        },
      ],
      fix: [
        [
          "{name: load, container: {image: alpine}}",
          "{name: load-alpine, container: {image: alpine}}",
        ],
      ],
    },
  ]);
});
