import { describe } from "vitest";
import { itReports } from "./lint-cases.ts";

function dagWorkflow(tasks: string, extra = ""): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {generateName: wf-}
spec:
  entrypoint: main
  templates:
    - name: main
      dag:${extra}
        tasks:
${tasks}
    - {name: work, container: {image: busybox}}
`;
}

const tasksPath = ["spec", "templates", 0, "dag", "tasks"];

describe("DAG", () => {
  itReports([
    {
      behaviour: "reports a dependency that is not a task of the DAG",
      yaml: dagWorkflow(`          - {name: load, template: work}
          - {name: train, template: work, dependencies: [laod]}`),
      problems: [
        {
          path: [...tasksPath, 1, "dependencies", 0],
          message:
            'dependency "laod" not found in this DAG; did you mean "load"? (tasks: load, train)',
        },
      ],
      fix: [["[laod]", "[load]"]],
    },
    {
      behaviour: "reports a depends expression naming a task that is not in the DAG",
      yaml: dagWorkflow(`          - {name: load, template: work}
          - {name: clean, template: work}
          - {name: train, template: work, depends: "load && (clen.Succeeded || clean.Failed)"}`),
      problems: [
        {
          path: [...tasksPath, 2, "depends"],
          message:
            'depends: task "clen" not found in this DAG; did you mean "clean"? (tasks: load, clean, train)',
        },
      ],
      fix: [["(clen.", "(clean."]],
    },
    {
      behaviour: "reports a depends expression with an unknown task result",
      yaml: dagWorkflow(`          - {name: load, template: work}
          - {name: train, template: work, depends: "load.Suceeded"}`),
      problems: [
        {
          path: [...tasksPath, 1, "depends"],
          message:
            'depends: unknown task result "load.Suceeded"; did you mean "Succeeded"? (results: Succeeded, Failed, Errored, Skipped, Omitted, Daemoned, AnySucceeded, AllFailed)',
        },
      ],
      fix: [["load.Suceeded", "load.Succeeded"]],
    },
    {
      behaviour: "reports a depends expression that does not parse",
      yaml: dagWorkflow(`          - {name: load, template: work}
          - {name: clean, template: work}
          - {name: train, template: work, depends: "load && (clean.Failed || !load.Errored"}`),
      problems: [
        {
          path: [...tasksPath, 2, "depends"],
          message:
            'depends "load && (clean.Failed || !load.Errored" does not parse: expected ")" but found the end',
        },
      ],
      fix: [["!load.Errored", "!load.Errored)"]],
    },
    {
      behaviour: "reports a task that uses both dependencies and depends",
      yaml: dagWorkflow(`          - {name: load, template: work}
          - {name: train, template: work, dependencies: [load], depends: "load"}`),
      problems: [
        {
          path: [...tasksPath, 1, "depends"],
          message:
            'task "train" uses both dependencies and depends; use only one (depends can express what dependencies does)',
        },
      ],
      fix: [["dependencies: [load], ", ""]],
    },
    {
      behaviour: "reports a dependency cycle once, on its first task",
      yaml: dagWorkflow(`          - {name: a, template: work, depends: "c"}
          - {name: b, template: work, depends: "a"}
          - {name: c, template: work, dependencies: [b]}
          - {name: d, template: work, depends: "c"}`),
      problems: [
        { path: [...tasksPath, 0, "depends"], message: "dependency cycle: a -> c -> b -> a" },
      ],
      fix: [['{name: a, template: work, depends: "c"}', "{name: a, template: work}"]],
    },
    {
      behaviour: "reports a task that depends on itself",
      yaml: dagWorkflow(`          - {name: a, template: work, dependencies: [a]}`),
      problems: [{ path: [...tasksPath, 0, "dependencies"], message: "dependency cycle: a -> a" }],
      fix: [[", dependencies: [a]", ""]],
    },
    {
      behaviour: "reports a target that is not a task of the DAG",
      yaml: dagWorkflow(
        `          - {name: load, template: work}
          - {name: train, template: work, depends: load}`,
        "\n        target: load trian",
      ),
      problems: [
        {
          path: ["spec", "templates", 0, "dag", "target"],
          message:
            'target task "trian" not found in this DAG; did you mean "train"? (tasks: load, train)',
        },
      ],
      fix: [["target: load trian", "target: load train"]],
    },
    {
      behaviour: "does not check a target filled in from a parameter",
      yaml: dagWorkflow(
        `          - {name: load, template: work}`,
        '\n        target: "{{workflow.parameters.target}}"',
      ).replace(
        "  entrypoint: main\n",
        "  entrypoint: main\n  arguments: {parameters: [{name: target, value: load}]}\n",
      ),
      problems: [],
      fix: [],
    },
    {
      behaviour: "reports a task name used twice",
      yaml: dagWorkflow(`          - {name: load, template: work}
          - {name: load, template: work}`),
      problems: [
        {
          path: [...tasksPath, 1, "name"],
          message: 'task name "load" is used twice; task names must be unique within a DAG',
        },
      ],
      fix: [["          - {name: load, template: work}\n", ""]],
    },
  ]);
});
