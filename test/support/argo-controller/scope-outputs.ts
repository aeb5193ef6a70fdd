// What later steps can reference: `steps.x.outputs.parameters.p`, `tasks.x.status`, aggregated
// outputs of fanned-out steps (buildLocalScope, processAggregateNodeOutputs), and the outputs a
// steps/DAG template exports from them (getTemplateOutputsFromScope).
import type { NodeTree } from "./node-tree.ts";
import { type Scope, substitute } from "./substitute.ts";
import type { NodeStatus, Outputs, Template } from "./types.ts";

export function addNodeToScope(
  scope: Scope,
  prefix: string,
  node: NodeStatus,
  nodes: NodeTree,
): void {
  // A retry node stands for its last attempt.
  const lastId = node.type === "Retry" ? node.children?.at(-1) : undefined;
  const source = (lastId && nodes.byId(lastId)) || node;
  scope.set(`${prefix}.id`, source.id);
  scope.set(`${prefix}.status`, source.phase);
  scope.set(`${prefix}.startedAt`, source.startedAt);
  if (source.finishedAt) scope.set(`${prefix}.finishedAt`, source.finishedAt);
  if (source.hostNodeName) scope.set(`${prefix}.hostNodeName`, source.hostNodeName);
  const outputs = source.outputs;
  if (outputs?.result !== undefined) scope.set(`${prefix}.outputs.result`, outputs.result);
  if (outputs?.exitCode !== undefined) scope.set(`${prefix}.exitCode`, outputs.exitCode);
  for (const param of outputs?.parameters ?? []) {
    if (param.value !== undefined)
      scope.set(`${prefix}.outputs.parameters.${param.name}`, param.value);
  }
}

const loopIndex = (name: string) => Number(/\((\d+):[^()]*\)$/.exec(name)?.[1] ?? 0);

export function addAggregateToScope(scope: Scope, prefix: string, expanded: NodeStatus[]): void {
  const done = expanded
    .filter((node) => !node.nodeFlag?.retried && node.phase === "Succeeded" && node.outputs)
    .sort((a, b) => loopIndex(a.name) - loopIndex(b.name));
  const maps = done.flatMap((node) =>
    node.outputs?.parameters?.length
      ? [Object.fromEntries(node.outputs.parameters.map((p) => [p.name, p.value ?? ""]))]
      : [],
  );
  const results = done.flatMap((node) => {
    const result = node.outputs?.result;
    if (result === undefined) return [];
    try {
      return [JSON.parse(result) as unknown];
    } catch {
      return [result];
    }
  });
  scope.set(`${prefix}.outputs.parameters`, JSON.stringify(maps));
  scope.set(`${prefix}.outputs.result`, JSON.stringify(results));
  for (const name of new Set(maps.flatMap((m) => Object.keys(m)))) {
    scope.set(`${prefix}.outputs.parameters.${name}`, JSON.stringify(maps.map((m) => m[name])));
  }
}

/** The outputs of a steps/DAG template, from `valueFrom.parameter` references into its scope. */
export function templateOutputs(template: Template, scope: Scope): Outputs | undefined {
  const declared = template.outputs?.parameters;
  if (!declared?.length) return undefined;
  const parameters = declared.map(({ valueFrom, ...param }) => {
    const reference = valueFrom?.parameter ?? "";
    const resolved = substitute(reference, scope.lookup);
    const value = resolved.includes("{{") ? valueFrom?.default : resolved;
    return value === undefined ? param : { ...param, value };
  });
  return { parameters };
}
