// getOutboundNodes and the progress roll-up (workflow/progress/updater.go): which nodes the next
// step group or dependent task hangs under, and "n/m" of succeeded pods over pods.
import type { NodeTree } from "./node-tree.ts";
import { executable, type NodeStatus } from "./types.ts";

export function outboundNodes(nodes: NodeTree, id: string): string[] {
  const node = nodes.byId(id);
  if (!node) return [];
  switch (node.type) {
    case "Skipped":
    case "Suspend":
    case "HTTP":
    case "Plugin":
    case "Pod":
      return [node.id];
    case "Container":
    case "TaskGroup":
      if (!node.children?.length) return [node.id];
      return node.children.flatMap((child) => outboundNodes(nodes, child));
    case "Retry": {
      const last = node.children?.at(-1);
      if (last) return [last];
      break;
    }
  }
  return (node.outboundNodes ?? []).flatMap((out) => outboundNodes(nodes, out));
}

function parse(progress: string | undefined): [number, number] | undefined {
  const match = /^(\d+)\/(\d+)$/.exec(progress ?? "");
  if (!match) return undefined;
  const [n, m] = [Number(match[1]), Number(match[2])];
  return n <= m && m > 0 ? [n, m] : undefined;
}

function sumChildren(nodes: NodeTree, node: NodeStatus, visited: Set<string>): [number, number] {
  let [n, m] = [0, 0];
  for (const childId of node.children ?? []) {
    if (visited.has(childId)) continue;
    visited.add(childId);
    const child = nodes.byId(childId);
    if (!child) continue;
    const [cn, cm] = sumChildren(nodes, child, visited);
    n += cn;
    m += cm;
    const own = executable(child.type) ? parse(child.progress) : undefined;
    if (own) {
      n += own[0];
      m += own[1];
    }
  }
  return [n, m];
}

/** Sets every node's progress and returns the workflow's. */
export function updateProgress(nodes: NodeTree): string {
  let [n, m] = [0, 0];
  for (const node of nodes.all()) {
    if (!executable(node.type)) continue;
    node.progress ??= "0/1";
    const own = parse(node.progress);
    if (!own) continue;
    if (node.phase === "Succeeded" || node.phase === "Skipped" || node.phase === "Omitted") {
      node.progress = `${own[1]}/${own[1]}`;
      own[0] = own[1];
    }
    n += own[0];
    m += own[1];
  }
  for (const node of nodes.all()) {
    if (executable(node.type)) continue;
    const [cn, cm] = sumChildren(nodes, node, new Set());
    if (cm > 0) node.progress = `${cn}/${cm}`;
  }
  return `${n}/${m}`;
}
