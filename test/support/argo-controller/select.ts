// Which nodes a test means by "load": a node name, a display name (`load(0:a)`, `train(1)`), or
// a step/task name, which covers every fanned-out item and retry attempt of that step.
import { stepNameOf } from "./names.ts";
import { executable, fulfilled, type NodeStatus } from "./types.ts";

const RETRY_SUFFIX = /\(\d+\)$/;

const stepMatches = (n: NodeStatus, selector: string) =>
  n.displayName.replace(RETRY_SUFFIX, "") === selector || stepNameOf(n.name) === selector;

/** Every node of a step: its own, its attempts, its fanned-out items. */
export function allMatching(nodes: NodeStatus[], selector: string): NodeStatus[] {
  return nodes.filter(
    (n) => n.name === selector || n.displayName === selector || stepMatches(n, selector),
  );
}

/** The closest matches: the node of that name, else of that display name, else of that step. */
export function nodesMatching(nodes: NodeStatus[], selector: string): NodeStatus[] {
  const exact = nodes.filter((n) => n.name === selector);
  if (exact.length > 0) return exact;
  const display = nodes.filter((n) => n.displayName === selector);
  if (display.length > 0) return display;
  return nodes.filter((n) => stepMatches(n, selector));
}

/** The pods (and suspend/HTTP nodes) of a step that have not finished yet. */
export function activeNodes(nodes: NodeStatus[], selector?: string): NodeStatus[] {
  const active = nodes.filter((n) => executable(n.type) && !fulfilled(n.phase));
  if (selector === undefined) return active;
  const matched = nodesMatching(active, selector);
  return matched.length > 0 ? matched : active.filter((n) => n.templateName === selector);
}
