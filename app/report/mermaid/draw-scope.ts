import type { Template } from "../../argo/lint/argo-document.ts";
import type { Fragment, GraphBuilder } from "./graph-builder.ts";
import type { PipelineEdge, PipelineItem } from "./pipeline-graph-types.ts";

/** Where in the pipeline a template is being drawn. */
export interface DrawScope {
  builder: GraphBuilder;
  /** Subgraph nesting so far: 0 for the entrypoint's own steps or tasks. */
  depth: number;
  /** Named templates on the way down here, to stop at a template that calls itself. */
  callers: ReadonlySet<string>;
  /** Draws a steps or DAG template (passed in rather than imported, to avoid an import cycle). */
  expand(template: Template, nodePath: string, scope: DrawScope): Fragment;
}

/** One step or task, drawn. */
export interface DrawnItem {
  item: PipelineItem;
  /** Arrows inside it, when it is a subgraph. */
  edges: PipelineEdge[];
  /** It runs only when its `when` holds. */
  conditional: boolean;
}
