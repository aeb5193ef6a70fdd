// The picture of a pipeline as data: boxes (steps, tasks, nested templates) and arrows.
//
// Every box has a `nodePath`: Argo's node name for it with the workflow's name left out, so
// that `${workflowName}${nodePath}` is the name of the matching node in a run's status:
//   ""            the workflow's root node (the entrypoint)
//   "[0].load"    step `load` of step group 0 of the entrypoint (Argo: `wf[0].load`)
//   ".train"      DAG task `train` of the entrypoint (Argo: `wf.train`)
//   "[1].sub[0].x", ".a.b"   steps and tasks of nested templates, the same way down
//   ".onExit"     the exit handler (Argo: `wf.onExit`)
// A step fanned out with withItems/withParam/withSequence has one Argo node per item, named
// `${nodePath}(0:value)`, `${nodePath}(1:value)`, …; see node-phases.ts.

export type Phase =
  | "Pending"
  | "Running"
  | "Succeeded"
  | "Failed"
  | "Error"
  | "Skipped"
  | "Omitted";

export type NodeShape =
  /** a step or task running a template of the spec */
  | "box"
  /** a call into another WorkflowTemplate (templateRef), not drawn further */
  | "external"
  /** a suspend template: the pipeline waits for approval or a duration */
  | "suspend"
  /** the exit handler */
  | "exit"
  /** a placeholder for what was left out to keep the picture small */
  | "more";

export interface PipelineNode {
  kind: "node";
  /** Mermaid id, stable for a given spec and safe to print. */
  id: string;
  nodePath: string;
  label: string;
  shape: NodeShape;
}

/** A step or task whose template has steps or a DAG of its own, drawn around them. */
export interface PipelineSubgraph {
  kind: "subgraph";
  id: string;
  nodePath: string;
  label: string;
  children: PipelineItem[];
}

export type PipelineItem = PipelineNode | PipelineSubgraph;

/** Arrows from every `from` to every `to` (ids of nodes or subgraphs). */
export interface PipelineEdge {
  from: string[];
  to: string[];
  /** dotted: the target runs only if its `when` holds, or it is the exit handler. */
  line: "solid" | "dotted";
  label?: string;
}

export interface PipelineGraph {
  items: PipelineItem[];
  edges: PipelineEdge[];
}
