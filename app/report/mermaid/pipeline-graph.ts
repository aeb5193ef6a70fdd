// Builds the picture of a workflow spec from its entrypoint down, plus its exit handler.
import type { Template, WorkflowSpec } from "../../argo/lint/argo-document.ts";
import { arrayOf, isRecord, stringOf } from "../../argo/lint/yaml-value.ts";
import { drawInvocation, isComposite } from "./draw-invocation.ts";
import type { DrawScope } from "./draw-scope.ts";
import { expandTemplate } from "./expand-template.ts";
import {
  defaultGraphLimits,
  type Fragment,
  type GraphBuilder,
  type GraphLimits,
  graphBuilder,
} from "./graph-builder.ts";
import type { NodeShape, PipelineGraph, PipelineNode } from "./pipeline-graph-types.ts";
import { placeholderRoot } from "./placeholder-root.ts";

export function pipelineGraph(
  value: WorkflowSpec,
  limits: Partial<GraphLimits> = {},
): PipelineGraph {
  const spec: WorkflowSpec = isRecord(value) ? value : {};
  const builder = graphBuilder(templatesByName(spec), { ...defaultGraphLimits, ...limits });
  const scope: DrawScope = { builder, depth: 0, callers: new Set(), expand: expandTemplate };
  const main = drawEntrypoint(spec, scope);
  const graph: PipelineGraph = { items: [...main.items], edges: [...main.edges] };
  const onExit = stringOf(spec.onExit);
  if (onExit !== undefined) {
    const exit = drawInvocation({ name: "onExit", template: onExit }, ".onExit", scope, "exit");
    if (exit) {
      graph.items.push(exit.item);
      graph.edges.push(...exit.edges);
      if (main.exits.length > 0) {
        graph.edges.push({ from: main.exits, to: [exit.item.id], line: "dotted", label: "onExit" });
      }
    }
  }
  if (builder.omitted() > 0) graph.items.push(moreNode(builder));
  return graph;
}

function drawEntrypoint(spec: WorkflowSpec, scope: DrawScope): Fragment {
  const entrypoint = stringOf(spec.entrypoint);
  const template = entrypoint === undefined ? undefined : scope.builder.templates.get(entrypoint);
  if (entrypoint !== undefined && template !== undefined && isComposite(template)) {
    return expandTemplate(template, "", { ...scope, callers: new Set([entrypoint]) });
  }
  const drawn: { label: string; shape: NodeShape } | undefined =
    entrypoint !== undefined && template !== undefined
      ? { label: entrypoint, shape: template.suspend === undefined ? "box" : "suspend" }
      : placeholderRoot(spec, entrypoint);
  if (drawn === undefined || !scope.builder.take())
    return { items: [], edges: [], entries: [], exits: [] };
  const root: PipelineNode = {
    kind: "node",
    id: scope.builder.idFor(""),
    nodePath: "",
    ...drawn,
  };
  return { items: [root], edges: [], entries: [root.id], exits: [root.id] };
}

function moreNode(builder: GraphBuilder): PipelineNode {
  const count = builder.omitted();
  return {
    kind: "node",
    id: builder.idFor("more"),
    nodePath: "",
    label: `…${count} more step${count === 1 ? "" : "s"} not drawn`,
    shape: "more",
  };
}

function templatesByName(spec: WorkflowSpec): Map<string, Template> {
  const templates = new Map<string, Template>();
  for (const template of arrayOf<Template>(spec.templates)) {
    const name = isRecord(template) ? stringOf(template.name) : undefined;
    if (name !== undefined && !templates.has(name)) templates.set(name, template);
  }
  return templates;
}
