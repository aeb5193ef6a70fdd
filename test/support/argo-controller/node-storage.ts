// How status.nodes is stored (Argo's hydrator): inline, compressed into status.compressedNodes
// (base64 of gzip of the JSON), or offloaded to Argo's database, leaving only a version.
import { gzipSync } from "node:zlib";
import { fnv32 } from "./names.ts";
import type { NodeStatus, WorkflowStatus } from "./types.ts";

export type NodeStorage = "inline" | "compressed" | "offloaded";

// Go marshals maps with sorted keys; the offload version hashes that form.
function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${sortedJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function storeNodes(
  nodes: Record<string, NodeStatus>,
  storage: NodeStorage,
): WorkflowStatus {
  const json = sortedJson(nodes);
  switch (storage) {
    case "inline":
      return { nodes };
    case "compressed":
      return { compressedNodes: gzipSync(json).toString("base64") };
    case "offloaded":
      return { offloadNodeStatusVersion: `fnv:${fnv32(json)}` };
  }
}
