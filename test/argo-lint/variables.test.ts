import { describe } from "vitest";
import { itReports } from "./lint-cases.ts";

const header = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {generateName: wf-}
spec:
  entrypoint: main
`;

describe("variable references", () => {
  itReports([
    {
      behaviour: "reports an input parameter a template does not declare, suggesting the closest",
      yaml: `${header}  templates:
    - name: main
      inputs: {parameters: [{name: learning-rate}, {name: epochs}]}
      container: {image: python, args: ["--lr={{inputs.parameters.learning-rat}}"]}
`,
      problems: [
        {
          path: ["spec", "templates", 0, "container", "args", 0],
          message:
            '{{inputs.parameters.learning-rat}}: input parameter "learning-rat" not found in the inputs of template "main"; did you mean "learning-rate"? (declared: learning-rate, epochs)',
        },
      ],
      fix: [["learning-rat}}", "learning-rate}}"]],
    },
    {
      behaviour: "reads references with spaces inside the braces",
      yaml: `${header}  templates:
    - name: main
      script: {image: python, source: "print('{{ inputs.parameters.epochs }}')"}
`,
      problems: [
        {
          path: ["spec", "templates", 0, "script", "source"],
          message:
            '{{ inputs.parameters.epochs }}: input parameter "epochs" not found in the inputs of template "main" (declared: none)',
        },
      ],
      fix: [
        ["    - name: main\n", "    - name: main\n      inputs: {parameters: [{name: epochs}]}\n"],
      ],
    },
    {
      behaviour:
        "resolves a step's arguments against the inputs of the steps template, not of the callee",
      yaml: `${header}  templates:
    - name: main
      inputs: {parameters: [{name: dataset}]}
      steps:
        - - name: load
            template: load
            arguments: {parameters: [{name: path, value: "{{inputs.parameters.path}}"}]}
    - name: load
      inputs: {parameters: [{name: path}]}
      container: {image: busybox, args: ["{{inputs.parameters.path}}"]}
`,
      problems: [
        {
          path: ["spec", "templates", 0, "steps", 0, 0, "arguments", "parameters", 0, "value"],
          message:
            '{{inputs.parameters.path}}: input parameter "path" not found in the inputs of template "main" (declared: dataset)',
        },
      ],
      fix: [['value: "{{inputs.parameters.path}}"', 'value: "{{inputs.parameters.dataset}}"']],
    },
    {
      behaviour: "checks an inline template against its own inputs",
      yaml: `${header}  templates:
    - name: main
      inputs: {parameters: [{name: dataset}]}
      dag:
        tasks:
          - name: load
            arguments: {parameters: [{name: path, value: "{{inputs.parameters.dataset}}"}]}
            inline:
              inputs: {parameters: [{name: path}]}
              container: {image: busybox, args: ["{{inputs.parameters.dataset}}"]}
`,
      problems: [
        {
          path: ["spec", "templates", 0, "dag", "tasks", 0, "inline", "container", "args", 0],
          message:
            '{{inputs.parameters.dataset}}: input parameter "dataset" not found in the inputs of inline template of task "load" (declared: path)',
        },
      ],
      fix: [['args: ["{{inputs.parameters.dataset}}"]', 'args: ["{{inputs.parameters.path}}"]']],
    },
    {
      behaviour: "reports a workflow parameter not declared in spec.arguments",
      yaml: `${header}  arguments: {parameters: [{name: model, value: resnet}]}
  templates:
    - name: main
      container: {image: busybox, env: [{name: MODEL, value: "{{workflow.parameters.modle}}"}]}
`,
      problems: [
        {
          path: ["spec", "templates", 0, "container", "env", 0, "value"],
          message:
            '{{workflow.parameters.modle}}: workflow parameter "modle" not found in spec.arguments.parameters; did you mean "model"? (declared: model)',
        },
      ],
      fix: [["parameters.modle", "parameters.model"]],
    },
    {
      behaviour:
        "warns about an undeclared workflow parameter in a WorkflowTemplate, whose caller may supply it",
      yaml: `apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata: {name: lib}
spec:
  templates:
    - name: main
      container: {image: busybox, args: ["{{workflow.parameters.model}}"]}
`,
      problems: [
        {
          severity: "warning",
          path: ["spec", "templates", 0, "container", "args", 0],
          message:
            '{{workflow.parameters.model}}: workflow parameter "model" not found in spec.arguments.parameters (declared: none); the Workflow that runs this template must supply it',
        },
      ],
      fix: [["spec:\n", "spec:\n  arguments: {parameters: [{name: model}]}\n"]],
    },
    {
      behaviour: "does not check workflow parameters of a Workflow run from a WorkflowTemplate",
      yaml: `${header}  workflowTemplateRef: {name: lib}
  templates:
    - name: main
      container: {image: busybox, args: ["{{workflow.parameters.model}}"]}
`,
      problems: [],
      fix: [],
    },
    {
      behaviour: "reports a step output used in the step group that produces it",
      yaml: `${header}  templates:
    - name: main
      steps:
        - - {name: generate, template: work}
          - name: consume
            template: work
            arguments: {parameters: [{name: x, value: "{{steps.generate.outputs.result}}"}]}
    - name: work
      inputs: {parameters: [{name: x, value: ""}]}
      container: {image: busybox}
`,
      problems: [
        {
          path: ["spec", "templates", 0, "steps", 0, 1, "arguments", "parameters", 0, "value"],
          message:
            '{{steps.generate.outputs.result}}: step "generate" runs in step group 0, not before this one (group 0); only steps of earlier groups can be referenced',
        },
      ],
      fix: [["          - name: consume", "        - - name: consume"]],
    },
    {
      behaviour: "reports a reference to a step that does not exist",
      yaml: `${header}  templates:
    - name: main
      steps:
        - - {name: generate, template: work}
        - - {name: consume, template: work, when: "{{steps.generat.outputs.result}} == heads"}
    - {name: work, container: {image: busybox}}
`,
      problems: [
        {
          path: ["spec", "templates", 0, "steps", 1, 0, "when"],
          message:
            '{{steps.generat.outputs.result}}: step "generat" not found in the earlier step groups of template "main"; did you mean "generate"? (steps: generate)',
        },
      ],
      fix: [["steps.generat.", "steps.generate."]],
    },
    {
      behaviour: "lets a step's status be read in its own group and its outputs in its own hooks",
      yaml: `${header}  templates:
    - name: main
      steps:
        - - {name: generate, template: work}
          - name: watch
            template: work
            arguments: {parameters: [{name: x, value: "{{steps.generate.status}}"}]}
            hooks:
              exit:
                template: work
                arguments: {parameters: [{name: x, value: "{{steps.watch.outputs.result}}"}]}
    - name: work
      inputs: {parameters: [{name: x, value: ""}]}
      container: {image: busybox}
`,
      problems: [],
      fix: [],
    },
    {
      behaviour: "reports a reference to a task that is not in the DAG",
      yaml: `${header}  templates:
    - name: main
      dag:
        tasks:
          - {name: generate, template: work}
          - name: consume
            depends: generate
            template: work
            arguments: {parameters: [{name: x, value: "{{tasks.generte.outputs.result}}"}]}
      outputs:
        parameters: [{name: out, valueFrom: {parameter: "{{tasks.consume.outputs.result}}"}}]
    - name: work
      inputs: {parameters: [{name: x, value: ""}]}
      container: {image: busybox}
`,
      problems: [
        {
          path: ["spec", "templates", 0, "dag", "tasks", 1, "arguments", "parameters", 0, "value"],
          message:
            '{{tasks.generte.outputs.result}}: task "generte" not found in the DAG of template "main"; did you mean "generate"? (tasks: generate, consume)',
        },
      ],
      fix: [["tasks.generte.", "tasks.generate."]],
    },
    {
      behaviour: "leaves expression tags and global variables alone",
      yaml: `${header}  templates:
    - name: main
      retryStrategy: {limit: 2}
      steps:
        - - name: fan
            template: work
            withItems: [1, 2]
            arguments:
              parameters:
                - name: x
                  value: "{{item}} {{steps.name}} {{workflow.name}} {{retries}} {{= inputs.parameters.nope }}"
    - name: work
      inputs: {parameters: [{name: x}]}
      container: {image: busybox, args: ["{{pod.name}} {{workflow.parameters.json}} {{inputs.parameters}}"]}
`,
      problems: [],
      fix: [],
    },
  ]);
});
