// assessDAGPhase: a DAG is Running while any node reachable from it runs; otherwise each target
// task takes the phase of the branch leading to it (an Omitted task inherits its parent's), and
// the first failed target (failFast) or the last one decides.
import type { NodeTree } from "./node-tree.ts";
import { continuesOn } from "./steps.ts";
import {
  failedOrError,
  fulfilled,
  type NodePhase,
  type NodeStatus,
  type StepOrTask,
} from "./types.ts";

// A finished Retry node is traversed through its attempts' children (getRetryNodeChildrenIds).
function retryChildren(nodes: NodeTree, node: NodeStatus): string[] {
  return [...(node.children ?? [])].reverse().flatMap((id) => {
    const child = nodes.byId(id);
    if (!child) return [];
    return child.nodeFlag?.hooked ? [child.id] : (child.children ?? []);
  });
}

/** The branch phase of each target node, or "Running" while anything on the way runs. */
function branchPhases(
  nodes: NodeTree,
  boundaryID: string,
  targetIds: string[],
): Map<string, NodePhase | ""> | "Running" {
  const phases = new Map<string, NodePhase | "">(targetIds.map((id) => [id, ""]));
  const seen = new Set<string>();
  const queue: [string, NodePhase][] = [];
  const push = (ids: string[], phase: NodePhase) => {
    for (const id of ids.filter((i) => !seen.has(`${i}|${phase}`))) {
      seen.add(`${id}|${phase}`);
      queue.push([id, phase]);
    }
  };
  push(nodes.byId(boundaryID)?.children ?? [], "Succeeded");
  for (let next = queue.shift(); next; next = queue.shift()) {
    const node = nodes.byId(next[0]);
    if (!node || !fulfilled(node.phase)) return "Running";
    const branch = node.phase === "Succeeded" || failedOrError(node.phase) ? node.phase : next[1];
    const previous = phases.get(node.id);
    if (previous !== undefined && !(previous && failedOrError(previous)))
      phases.set(node.id, branch);
    push(node.type === "Retry" ? retryChildren(nodes, node) : (node.children ?? []), branch);
  }
  return phases;
}

export function assessDagPhase(
  nodes: NodeTree,
  boundaryID: string,
  targets: { id: string; task: StepOrTask }[],
  failFast: boolean,
): NodePhase {
  const phases = branchPhases(
    nodes,
    boundaryID,
    targets.map((t) => t.id),
  );
  if (phases === "Running") return "Running";
  let result: NodePhase = "Succeeded";
  for (const { id, task } of targets) {
    const branch = phases.get(id);
    if (!branch) {
      result = "Running";
      if (!failFast) break;
    } else if (failedOrError(branch) && !continuesOn(task, branch)) {
      result = branch;
      if (failFast) break;
    }
  }
  return result;
}
