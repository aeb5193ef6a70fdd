// spec.shutdown (Stop, Terminate): which nodes may still run, the messages Argo writes, and the
// execution control a controller pass applies first (exec_control.go applyExecutionControl and
// operator.go failNodesWithoutCreatedPodsAfterDeadlineOrShutdown).
import type { NodeTree } from "./node-tree.ts";
import { fulfilled, type NodeStatus } from "./types.ts";

/** "Stop", "Terminate", or undefined when the Workflow is not being shut down. */
export type ShutdownStrategy = string | undefined;

/** ShutdownStrategy.ShouldExecute: Terminate runs nothing more, Stop only the exit handler. */
export function shouldExecute(strategy: ShutdownStrategy, partOfExitHandler: boolean): boolean {
  if (strategy === "Terminate") return false;
  if (strategy === "Stop") return partOfExitHandler;
  return true;
}

// The three wordings are Argo's own, the double space of the first one included.
/** A pod that was running or pending when the shutdown came (applyExecutionControl). */
export const podShutdownMessage = (strategy: string) =>
  `workflow shutdown with strategy:  ${strategy}`;
/** A pod the controller would have created (createWorkflowPod). */
export const podNotCreatedMessage = (strategy: string) =>
  `workflow shutdown with strategy: ${strategy}`;
/** The workflow, a Retry node that stops retrying, a suspended or HTTP/plugin node. */
export const stoppedMessage = (strategy: string) => `Stopped with strategy '${strategy}'`;

/** NodeStatus.IsPartOfExitHandler: the node or one of its boundaries is `<workflow>.onExit`. */
export function isPartOfExitHandler(nodes: NodeTree, node: NodeStatus): boolean {
  for (let current: NodeStatus | undefined = node; current; ) {
    if (current.displayName.endsWith(".onExit")) return true;
    current = current.boundaryID ? nodes.byId(current.boundaryID) : undefined;
  }
  return false;
}

/**
 * Fails what may not run any more: pods (Pending or Running) with the pod message, suspended
 * and HTTP/plugin nodes with the stopped message. Returns the pod nodes it failed.
 */
export function applyExecutionControl(nodes: NodeTree, strategy: ShutdownStrategy): NodeStatus[] {
  if (!strategy) return [];
  const killed: NodeStatus[] = [];
  for (const node of nodes.all()) {
    if (fulfilled(node.phase) || shouldExecute(strategy, isPartOfExitHandler(nodes, node)))
      continue;
    if (node.type === "Pod") {
      nodes.mark(node.name, "Failed", podShutdownMessage(strategy));
      killed.push(node);
    } else if (
      (node.type === "Suspend" && node.phase === "Running") ||
      node.type === "HTTP" ||
      node.type === "Plugin"
    ) {
      nodes.mark(node.name, "Failed", stoppedMessage(strategy));
    }
  }
  return killed;
}
