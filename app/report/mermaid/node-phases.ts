// Looks up the phase of a picture's node in a run's status.nodes (see the node path mapping
// in pipeline-graph-types.ts).
import type { Phase } from "./pipeline-graph-types.ts";

export interface StatusNode {
  name?: string;
  phase?: string;
}

const phases: readonly Phase[] = [
  "Pending",
  "Running",
  "Succeeded",
  "Failed",
  "Error",
  "Skipped",
  "Omitted",
];
// For a fanned-out step the worst child phase is shown: a failure, else work still going on.
const precedence: readonly Phase[] = [
  "Error",
  "Failed",
  "Running",
  "Pending",
  "Succeeded",
  "Skipped",
  "Omitted",
];

export function nodePhaseLookup(
  workflowName: string,
  nodes: Iterable<StatusNode>,
): (nodePath: string) => Phase | undefined {
  const byName = new Map<string, Phase>();
  for (const node of nodes) {
    const phase = phases.find((known) => known === node.phase);
    if (typeof node.name === "string" && phase !== undefined) byName.set(node.name, phase);
  }
  return (nodePath) => {
    const name = workflowName + nodePath;
    const exact = byName.get(name);
    if (exact !== undefined) return exact;
    // withItems/withParam children are named `<step>(0:value)`, `<step>(1:value)`, …
    const children = [...byName]
      .filter(([childName]) => childName.startsWith(`${name}(`))
      .map(([, phase]) => phase);
    return precedence.find((phase) => children.includes(phase));
  };
}
