// DAG templates: unique task names, dependencies and `depends` that name tasks of the DAG,
// not both on one task, no dependency cycle, and a `target` made of the DAG's tasks.
import type { YamlPath } from "../../yaml/load-yaml.ts";
import type { SpecProblem } from "../spec-problem.ts";
import type { DagTask } from "./argo-document.ts";
import { dependencyCycles } from "./dependency-cycles.ts";
import { type DependsReference, parseDepends, taskResults } from "./depends-expression.ts";
import { lintError } from "./problem.ts";
import { didYouMean, listOf, notFound } from "./suggestion.ts";
import type { TemplateSite } from "./template-sites.ts";
import { arrayOf, isRecord, isTemplated, stringOf } from "./yaml-value.ts";

interface DagTaskSite {
  task: DagTask;
  name: string | undefined;
  path: YamlPath;
}

const inThisDag = { where: "this DAG", listLabel: "tasks" };

export function checkDag(site: TemplateSite): SpecProblem[] {
  const dag = site.template.dag;
  if (!isRecord(dag)) return [];
  const dagPath = [...site.path, "dag"];
  const tasks = arrayOf<DagTask>(dag.tasks).flatMap((task, index): DagTaskSite[] =>
    isRecord(task) ? [{ task, name: stringOf(task.name), path: [...dagPath, "tasks", index] }] : [],
  );
  const names = tasks.flatMap((task) => (task.name === undefined ? [] : [task.name]));
  const problems = [...checkUniqueTaskNames(tasks), ...checkTarget(dag.target, dagPath, names)];
  const dependencies = new Map<string, string[]>();
  for (const task of tasks) {
    const found = checkTaskDependencies(task, names);
    problems.push(...found.problems);
    if (task.name !== undefined) dependencies.set(task.name, found.dependencies);
  }
  for (const cycle of dependencyCycles(names, (name) => dependencies.get(name) ?? [])) {
    const first = tasks.find((task) => task.name === cycle[0]);
    if (!first) continue;
    const key = first.task.depends === undefined ? "dependencies" : "depends";
    problems.push(lintError([...first.path, key], `dependency cycle: ${cycle.join(" -> ")}`));
  }
  return problems;
}

function checkUniqueTaskNames(tasks: readonly DagTaskSite[]): SpecProblem[] {
  const seen = new Set<string>();
  return tasks.flatMap(({ name, path }) => {
    if (name === undefined) return [];
    if (!seen.has(name)) {
      seen.add(name);
      return [];
    }
    return [
      lintError(
        [...path, "name"],
        `task name "${name}" is used twice; task names must be unique within a DAG`,
      ),
    ];
  });
}

function checkTarget(target: unknown, dagPath: YamlPath, names: readonly string[]): SpecProblem[] {
  const value = stringOf(target);
  if (value === undefined || isTemplated(value)) return [];
  return value
    .split(/\s+/)
    .filter((name) => name !== "" && !names.includes(name))
    .map((name) =>
      lintError([...dagPath, "target"], notFound("target task", name, names, inThisDag)),
    );
}

function checkTaskDependencies(
  { task, name, path }: DagTaskSite,
  names: readonly string[],
): { problems: SpecProblem[]; dependencies: string[] } {
  const problems: SpecProblem[] = [];
  const dependencies: string[] = [];
  if (task.dependencies !== undefined && task.depends !== undefined) {
    const message = `task "${name ?? "?"}" uses both dependencies and depends; use only one (depends can express what dependencies does)`;
    problems.push(lintError([...path, "depends"], message));
  }
  arrayOf<unknown>(task.dependencies).forEach((dependency, index) => {
    if (typeof dependency !== "string") return;
    dependencies.push(dependency);
    if (!names.includes(dependency) && !isTemplated(dependency)) {
      const message = notFound("dependency", dependency, names, inThisDag);
      problems.push(lintError([...path, "dependencies", index], message));
    }
  });
  const depends = stringOf(task.depends);
  if (depends !== undefined && !isTemplated(depends)) {
    const parsed = parseDepends(depends);
    if (!parsed.ok) {
      problems.push(
        lintError([...path, "depends"], `depends "${depends}" does not parse: ${parsed.message}`),
      );
    } else {
      for (const reference of parsed.references) {
        dependencies.push(reference.task);
        const message = checkDependsReference(reference, names);
        if (message !== undefined) problems.push(lintError([...path, "depends"], message));
      }
    }
  }
  return { problems, dependencies };
}

function checkDependsReference(
  reference: DependsReference,
  names: readonly string[],
): string | undefined {
  if (!names.includes(reference.task))
    return `depends: ${notFound("task", reference.task, names, inThisDag)}`;
  const result = reference.result;
  if (result === undefined || (taskResults as readonly string[]).includes(result)) return undefined;
  return `depends: unknown task result "${reference.task}.${result}"${didYouMean(result, taskResults)} (results: ${listOf(taskResults)})`;
}
