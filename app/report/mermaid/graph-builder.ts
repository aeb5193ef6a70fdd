// Shared state while a pipeline graph is built: the templates, unique ids, the node budget.
import type { Template } from "../../argo/lint/argo-document.ts";
import type { PipelineEdge, PipelineItem } from "./pipeline-graph-types.ts";

export interface GraphLimits {
  /** Boxes drawn at most; the rest are counted in a "…N more" box. */
  maxNodes: number;
  /** How deep nested steps/DAG templates are drawn as subgraphs. */
  maxDepth: number;
}

export const defaultGraphLimits: GraphLimits = { maxNodes: 100, maxDepth: 3 };

export interface GraphBuilder {
  templates: ReadonlyMap<string, Template>;
  limits: GraphLimits;
  /** A Mermaid-safe id derived from the node path, made unique. */
  idFor(nodePath: string): string;
  /** Reserves room for one more box; false (and counted as left out) when full. */
  take(): boolean;
  omitted(): number;
}

/** What drawing a template yields: its boxes and arrows, and where arrows enter and leave. */
export interface Fragment {
  items: PipelineItem[];
  edges: PipelineEdge[];
  entries: string[];
  exits: string[];
}

export function graphBuilder(
  templates: ReadonlyMap<string, Template>,
  limits: GraphLimits,
): GraphBuilder {
  const used = new Set<string>();
  let drawn = 0;
  let left = 0;
  return {
    templates,
    limits,
    idFor(nodePath) {
      const base = nodePath === "" ? "n_root" : `n${nodePath.replace(/[^A-Za-z0-9]+/g, "_")}`;
      let id = base;
      for (let suffix = 2; used.has(id); suffix++) id = `${base}_${suffix}`;
      used.add(id);
      return id;
    },
    take() {
      if (drawn < limits.maxNodes) {
        drawn++;
        return true;
      }
      left++;
      return false;
    },
    omitted: () => left,
  };
}
