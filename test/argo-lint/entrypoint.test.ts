import { describe } from "vitest";
import { lintContextOf } from "../../app/argo/lint/lint-context.ts";
import { itReports, parseArgoDocument } from "./lint-cases.ts";

const shared = lintContextOf([
  parseArgoDocument(`
apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata: {name: shared}
spec:
  templates:
    - {name: train, container: {image: python}}
`),
]);

describe("entrypoint", () => {
  itReports([
    {
      behaviour: "reports an entrypoint that names no template, suggesting the closest",
      yaml: `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {generateName: wf-}
spec:
  entrypoint: mian
  templates:
    - {name: main, container: {image: busybox}}
    - {name: load, container: {image: busybox}}
`,
      problems: [
        {
          path: ["spec", "entrypoint"],
          message:
            'entrypoint template "mian" not found; did you mean "main"? (defined: main, load)',
        },
      ],
      fix: [["entrypoint: mian", "entrypoint: main"]],
    },
    {
      behaviour: "reports a Workflow without entrypoint",
      yaml: `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {generateName: wf-}
spec:
  templates:
    - {name: main, container: {image: busybox}}
`,
      problems: [
        {
          path: ["spec"],
          message: "entrypoint is required: name the template to start from (defined: main)",
        },
      ],
      fix: [["spec:\n", "spec:\n  entrypoint: main\n"]],
    },
    {
      behaviour: "accepts a WorkflowTemplate without entrypoint but checks one that is given",
      yaml: `
apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata: {name: lib}
spec:
  entrypoint: other
  templates:
    - {name: main, container: {image: busybox}}
`,
      problems: [
        {
          path: ["spec", "entrypoint"],
          message: 'entrypoint template "other" not found (defined: main)',
        },
      ],
      fix: [["  entrypoint: other\n", ""]],
    },
    {
      behaviour:
        "checks the entrypoint of a Workflow run from a WorkflowTemplate of the repository",
      context: shared,
      yaml: `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {generateName: wf-}
spec:
  entrypoint: trian
  workflowTemplateRef: {name: shared}
`,
      problems: [
        {
          path: ["spec", "entrypoint"],
          message: 'entrypoint template "trian" not found; did you mean "train"? (defined: train)',
        },
      ],
      fix: [["entrypoint: trian", "entrypoint: train"]],
    },
    {
      behaviour:
        "does not require an entrypoint from a Workflow run from a WorkflowTemplate elsewhere",
      yaml: `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {generateName: wf-}
spec:
  entrypoint: anything
  workflowTemplateRef: {name: defined-in-the-cluster}
`,
      problems: [],
      fix: [["  entrypoint: anything\n", ""]],
    },
  ]);
});
