// A DAG template: its tasks, with arrows from each task's `dependencies` and from the tasks
// named in its `depends` (labelled with the awaited result when it is not plain success).
import type { DagTask, Template } from "../../argo/lint/argo-document.ts";
import { type DependsReference, parseDepends } from "../../argo/lint/depends-expression.ts";
import { arrayOf, isRecord, stringOf } from "../../argo/lint/yaml-value.ts";
import { drawInvocation } from "./draw-invocation.ts";
import type { DrawnItem, DrawScope } from "./draw-scope.ts";
import type { Fragment } from "./graph-builder.ts";
import type { PipelineEdge } from "./pipeline-graph-types.ts";

interface DrawnTask {
  task: DagTask;
  drawn: DrawnItem;
}

export function expandDag(template: Template, nodePath: string, scope: DrawScope): Fragment {
  const tasks = new Map<string, DrawnTask>();
  const dag = isRecord(template.dag) ? template.dag : {};
  for (const task of arrayOf<DagTask>(dag.tasks)) {
    const name = isRecord(task) ? stringOf(task.name) : undefined;
    if (name === undefined || tasks.has(name)) continue;
    const drawn = drawInvocation(task, `${nodePath}.${name}`, scope);
    if (drawn) tasks.set(name, { task, drawn });
  }
  const fragment: Fragment = { items: [], edges: [], entries: [], exits: [] };
  const awaited = new Set<string>();
  for (const { task, drawn } of tasks.values()) {
    fragment.items.push(drawn.item);
    fragment.edges.push(...drawn.edges);
    const dependencies = dependenciesOf(task).filter((dependency) => tasks.has(dependency.task));
    for (const dependency of dependencies) awaited.add(dependency.task);
    if (dependencies.length === 0) fragment.entries.push(drawn.item.id);
    fragment.edges.push(...edgesInto(drawn, dependencies, tasks));
  }
  fragment.exits = [...tasks]
    .filter(([name]) => !awaited.has(name))
    .map(([, { drawn }]) => drawn.item.id);
  return fragment;
}

function dependenciesOf(task: DagTask): DependsReference[] {
  const listed = arrayOf<unknown>(task.dependencies).flatMap((name): DependsReference[] =>
    typeof name === "string" ? [{ task: name }] : [],
  );
  const depends = typeof task.depends === "string" ? parseDepends(task.depends) : undefined;
  return [...listed, ...(depends?.ok ? depends.references : [])];
}

/**
 * One arrow per dependency, bundled (`a & b --> c`) when the task just waits for success;
 * a dependency awaited for other results (`B.Failed`) gets its own arrow labelled with them.
 */
function edgesInto(
  target: DrawnItem,
  dependencies: readonly DependsReference[],
  tasks: ReadonlyMap<string, DrawnTask>,
): PipelineEdge[] {
  const line = target.conditional ? "dotted" : "solid";
  const to = [target.item.id];
  const resultsByTask = new Map<string, Set<string>>();
  for (const { task, result } of dependencies) {
    resultsByTask.set(task, (resultsByTask.get(task) ?? new Set()).add(result ?? "Succeeded"));
  }
  const idOf = (task: string) => tasks.get(task)?.drawn.item.id ?? "";
  const plain = [...resultsByTask].filter(
    ([, results]) => results.size === 1 && results.has("Succeeded"),
  );
  const labelled = [...resultsByTask].filter(
    ([, results]) => !(results.size === 1 && results.has("Succeeded")),
  );
  const edges: PipelineEdge[] = [];
  if (plain.length > 0) edges.push({ from: plain.map(([task]) => idOf(task)), to, line });
  for (const [task, results] of labelled) {
    edges.push({ from: [idOf(task)], to, line, label: [...results].join(" or ") });
  }
  return edges;
}
