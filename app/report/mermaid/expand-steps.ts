// A steps template: its step groups in sequence, the steps of a group side by side, arrows
// from every step of a group to every step of the next.
import type { Template, WorkflowStep } from "../../argo/lint/argo-document.ts";
import { arrayOf, isRecord, stringOf } from "../../argo/lint/yaml-value.ts";
import { drawInvocation } from "./draw-invocation.ts";
import type { DrawnItem, DrawScope } from "./draw-scope.ts";
import type { Fragment } from "./graph-builder.ts";
import type { PipelineEdge } from "./pipeline-graph-types.ts";

export function expandSteps(template: Template, nodePath: string, scope: DrawScope): Fragment {
  const fragment: Fragment = { items: [], edges: [], entries: [], exits: [] };
  arrayOf<unknown>(template.steps).forEach((group, groupIndex) => {
    const drawn = arrayOf<WorkflowStep>(group).flatMap((step) => {
      if (!isRecord(step)) return [];
      const stepPath = `${nodePath}[${groupIndex}].${stringOf(step.name) ?? "?"}`;
      const item = drawInvocation(step, stepPath, scope);
      return item === undefined ? [] : [item];
    });
    if (drawn.length === 0) return;
    fragment.items.push(...drawn.map((step) => step.item));
    fragment.edges.push(...drawn.flatMap((step) => step.edges));
    if (fragment.exits.length === 0) fragment.entries = drawn.map((step) => step.item.id);
    else fragment.edges.push(...edgesBetween(fragment.exits, drawn));
    fragment.exits = drawn.map((step) => step.item.id);
  });
  return fragment;
}

function edgesBetween(from: string[], to: DrawnItem[]): PipelineEdge[] {
  const always = to.filter((step) => !step.conditional).map((step) => step.item.id);
  const conditional = to.filter((step) => step.conditional).map((step) => step.item.id);
  const edges: PipelineEdge[] = [];
  if (always.length > 0) edges.push({ from, to: always, line: "solid" });
  if (conditional.length > 0) edges.push({ from, to: conditional, line: "dotted" });
  return edges;
}
