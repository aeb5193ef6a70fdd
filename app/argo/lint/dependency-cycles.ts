// Finds cycles in a dependency graph: one cycle per group of mutually dependent nodes
// (strongly connected component, found with Kosaraju's algorithm in linear time).

type Edges = (node: string) => string[];

/**
 * Each cycle is listed from its first node (in `nodes` order) back to it, following
 * dependencies: `["a", "b", "a"]` means a depends on b and b on a.
 */
export function dependencyCycles(
  nodes: readonly string[],
  dependenciesOf: (node: string) => readonly string[],
): string[][] {
  const known = new Set(nodes);
  const forward = new Map(
    nodes.map((node) => [node, dependenciesOf(node).filter((next) => known.has(next))]),
  );
  const edges: Edges = (node) => forward.get(node) ?? [];
  const cycles: string[][] = [];
  for (const group of stronglyConnectedGroups(nodes, edges)) {
    const start = nodes.find((node) => group.has(node));
    const isCycle = group.size > 1 || (start !== undefined && edges(start).includes(start));
    if (start !== undefined && isCycle) cycles.push(shortestCycleThrough(start, group, edges));
  }
  const position = new Map(nodes.map((node, index) => [node, index]));
  return cycles.sort((a, b) => (position.get(a[0] ?? "") ?? 0) - (position.get(b[0] ?? "") ?? 0));
}

function stronglyConnectedGroups(nodes: readonly string[], edges: Edges): Set<string>[] {
  const backward = new Map<string, string[]>(nodes.map((node) => [node, []]));
  for (const node of nodes) for (const next of edges(node)) backward.get(next)?.push(node);
  const assigned = new Set<string>();
  const groups: Set<string>[] = [];
  for (const node of finishOrder(nodes, edges).reverse()) {
    if (assigned.has(node)) continue;
    const group = new Set<string>();
    const stack = [node];
    assigned.add(node);
    for (let at = stack.pop(); at !== undefined; at = stack.pop()) {
      group.add(at);
      for (const previous of backward.get(at) ?? []) {
        if (assigned.has(previous)) continue;
        assigned.add(previous);
        stack.push(previous);
      }
    }
    groups.push(group);
  }
  return groups;
}

/** Nodes in the order a depth-first search finishes them; iterative, for long chains. */
function finishOrder(nodes: readonly string[], edges: Edges): string[] {
  const visited = new Set<string>();
  const finished: string[] = [];
  for (const root of nodes) {
    if (visited.has(root)) continue;
    visited.add(root);
    const stack: { node: string; next: number }[] = [{ node: root, next: 0 }];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const child = edges(frame.node)[frame.next++];
      if (child === undefined) {
        finished.push(frame.node);
        stack.pop();
      } else if (!visited.has(child)) {
        visited.add(child);
        stack.push({ node: child, next: 0 });
      }
    }
  }
  return finished;
}

function shortestCycleThrough(start: string, group: Set<string>, edges: Edges): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head]!;
    for (const next of edges(node)) {
      if (next === start) return [...pathTo(node, start, previous), start];
      if (group.has(next) && !previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start, start];
}

function pathTo(node: string, start: string, previous: Map<string, string>): string[] {
  const path: string[] = [];
  for (let at: string | undefined = node; at !== undefined && at !== start; at = previous.get(at)) {
    path.push(at);
  }
  return [start, ...path.reverse()];
}
