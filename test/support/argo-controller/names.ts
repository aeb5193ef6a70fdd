// Node ids and pod names as Argo computes them (Workflow.NodeID, workflow/util/pod_name.go).

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a, 32 bits, over the UTF-8 bytes (Go's fnv.New32a). */
export function fnv32a(text: string): number {
  let hash = FNV_OFFSET;
  for (const byte of Buffer.from(text, "utf8")) {
    hash ^= byte;
    hash = Math.imul(hash, FNV_PRIME) >>> 0;
  }
  return hash >>> 0;
}

/** FNV-1, 32 bits (Go's fnv.New32): what Argo hashes offloaded node statuses with. */
export function fnv32(text: string): number {
  let hash = FNV_OFFSET;
  for (const byte of Buffer.from(text, "utf8")) {
    hash = Math.imul(hash, FNV_PRIME) >>> 0;
    hash ^= byte;
  }
  return hash >>> 0;
}

/** The root node's id is the workflow's name; every other node is `<workflow>-<fnv32a(name)>`. */
export function nodeId(workflow: string, nodeName: string): string {
  return nodeName === workflow ? workflow : `${workflow}-${fnv32a(nodeName)}`;
}

export type PodNameFormat = "v1" | "v2";

const MAX_PREFIX = 253 - 10 - 1;

export function podName(
  workflow: string,
  nodeName: string,
  templateName: string,
  format: PodNameFormat,
): string {
  if (format === "v1") return nodeId(workflow, nodeName);
  if (nodeName === workflow) return workflow;
  const prefix = (templateName ? `${workflow}-${templateName}` : workflow).slice(0, MAX_PREFIX);
  return `${prefix}-${fnv32a(nodeName)}`;
}

/**
 * The step or task a node stands for: `wf[0].load(1:b)(0)` → `load`
 * (Argo's getStepOrDAGTaskName: drop trailing (…) and […], keep what follows the last dot).
 */
export function stepNameOf(nodeName: string): string {
  let end = nodeName.length;
  while (end > 0) {
    const last = nodeName[end - 1];
    const open = last === ")" ? "(" : last === "]" ? "[" : undefined;
    if (!open) break;
    const start = nodeName.lastIndexOf(open, end - 1);
    if (start < 0) break;
    end = start;
  }
  const trimmed = nodeName.slice(0, end);
  return trimmed.slice(trimmed.lastIndexOf(".") + 1);
}
