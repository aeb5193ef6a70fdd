// Prints a pipeline graph as a Mermaid `flowchart TD` (the text only, without code fences),
// optionally coloured by the phase of each node in a run.
import { mermaidLabel } from "./mermaid-label.ts";
import { phaseClass, phaseStyles } from "./phase-styles.ts";
import type {
  NodeShape,
  Phase,
  PipelineEdge,
  PipelineGraph,
  PipelineItem,
} from "./pipeline-graph-types.ts";

export interface RenderOptions {
  /** The phase of the run's node at a node path (see pipeline-graph-types.ts). */
  phaseOf?: (nodePath: string) => Phase | undefined;
}

const indent = "  ";

export function renderMermaid(graph: PipelineGraph, options: RenderOptions = {}): string {
  const lines = ["flowchart TD"];
  for (const item of graph.items) lines.push(...itemLines(item, 1));
  for (const edge of graph.edges) {
    if (edge.from.length > 0 && edge.to.length > 0) lines.push(indent + edgeLine(edge));
  }
  if (options.phaseOf) lines.push(...phaseLines(graph.items, options.phaseOf));
  return lines.join("\n");
}

function itemLines(item: PipelineItem, depth: number): string[] {
  const prefix = indent.repeat(depth);
  if (item.kind === "node") return [prefix + nodeText(item.id, item.label, item.shape)];
  return [
    `${prefix}subgraph ${item.id}["${mermaidLabel(item.label)}"]`,
    ...item.children.flatMap((child) => itemLines(child, depth + 1)),
    `${prefix}end`,
  ];
}

function nodeText(id: string, label: string, shape: NodeShape): string {
  const text = `"${mermaidLabel(label)}"`;
  switch (shape) {
    case "external":
      return `${id}[[${text}]]`;
    case "suspend":
      return `${id}{{${text}}}`;
    case "exit":
      return `${id}([${text}])`;
    case "more":
      return `${id}>${text}]`;
    default:
      return `${id}[${text}]`;
  }
}

function edgeLine(edge: PipelineEdge): string {
  const arrow = edge.line === "dotted" ? "-.->" : "-->";
  const label = edge.label === undefined ? "" : `|${mermaidLabel(edge.label)}|`;
  return `${edge.from.join(" & ")} ${arrow}${label} ${edge.to.join(" & ")}`;
}

function phaseLines(
  items: readonly PipelineItem[],
  phaseOf: (nodePath: string) => Phase | undefined,
): string[] {
  const byPhase = new Map<Phase, string[]>();
  const visit = (item: PipelineItem) => {
    const phase =
      item.kind === "node" && item.shape === "more" ? undefined : phaseOf(item.nodePath);
    if (phase !== undefined && phase in phaseStyles)
      byPhase.set(phase, [...(byPhase.get(phase) ?? []), item.id]);
    if (item.kind === "subgraph") item.children.forEach(visit);
  };
  items.forEach(visit);
  const definitions = Object.entries(phaseStyles).map(
    ([phase, style]) => `${indent}classDef ${phaseClass(phase as Phase)} ${style}`,
  );
  const assignments = [...byPhase].map(
    ([phase, ids]) => `${indent}class ${ids.join(",")} ${phaseClass(phase)}`,
  );
  return [...definitions, ...assignments];
}
