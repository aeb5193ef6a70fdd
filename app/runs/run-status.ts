// What a run looks like now, read from its Workflow: phase, progress, the steps (leaf nodes)
// with their phases and outputs, the exit handler's part, and why nodes may be missing.
// Node status may sit in status.nodes, compressed in status.compressedNodes (gzip; zstd or
// brotli since Argo v4.1), or offloaded to Argo's database where only the Argo server reads it.
import { brotliDecompressSync, gunzipSync, zstdDecompressSync } from "node:zlib";
import type { ArgoObject } from "../cluster/argo-kinds.ts";
import { annotationKeys, labelKeys } from "../cluster/labels.ts";

export type RunPhase = "Pending" | "Running" | "Succeeded" | "Failed" | "Error";

export interface Output {
  name: string;
  value: string;
}

export interface StepStatus {
  id: string;
  /** Argo's node name (`wf[0].load`, `wf.train`). */
  name: string;
  displayName: string;
  type: string;
  phase: string;
  templateName?: string;
  startedAt?: string;
  finishedAt?: string;
  message?: string;
  outputs: Output[];
}

export interface RunStatus {
  name: string;
  namespace: string;
  template: string;
  phase: RunPhase;
  finished: boolean;
  progress?: string;
  startedAt?: string;
  finishedAt?: string;
  message?: string;
  shutdown?: string;
  steps: StepStatus[];
  failedSteps: StepStatus[];
  /** The exit handler's steps, when the pipeline has one and it ran. */
  exitSteps: StepStatus[];
  outputs: Output[];
  /** Times its failed steps were retried through the Argo server. */
  retries: number;
  /** Every node's name and phase (for colouring the pipeline's picture). */
  nodePhases: Array<{ name: string; phase: string }>;
  /** Set when the nodes cannot be read here (offloaded to Argo's database). */
  nodesMissing?: "offloaded";
}

interface NodeRecord {
  id?: string;
  name?: string;
  displayName?: string;
  type?: string;
  phase?: string;
  templateName?: string;
  startedAt?: string;
  finishedAt?: string;
  message?: string;
  outputs?: { parameters?: Array<{ name?: string; value?: unknown }> };
}

interface WorkflowStatus {
  phase?: string;
  progress?: string;
  startedAt?: string;
  finishedAt?: string;
  message?: string;
  nodes?: Record<string, NodeRecord>;
  compressedNodes?: string;
  offloadNodeStatusVersion?: string;
  outputs?: { parameters?: Array<{ name?: string; value?: unknown }> };
}

const finishedPhases = new Set(["Succeeded", "Failed", "Error"]);
const stepTypes = new Set(["Pod", "Container", "Skipped", "Suspend", "HTTP", "Plugin"]);

export function runStatusOf(workflow: ArgoObject): RunStatus {
  const status = (workflow.status ?? {}) as WorkflowStatus;
  const name = workflow.metadata.name;
  const phase = (
    finishedPhases.has(status.phase ?? "") || status.phase === "Running" ? status.phase : "Pending"
  ) as RunPhase;
  const nodes = Object.values(nodesOf(status));
  const exitRoot = `${name}.onExit`;
  const leaves = nodes
    .filter((node) => stepTypes.has(node.type ?? ""))
    .map(stepOf)
    .sort(
      (a, b) =>
        (a.startedAt ?? "￿").localeCompare(b.startedAt ?? "￿") || a.name.localeCompare(b.name),
    );
  const isExit = (step: StepStatus) =>
    step.name === exitRoot ||
    step.name.startsWith(`${exitRoot}.`) ||
    step.name.startsWith(`${exitRoot}[`);
  const steps = leaves.filter((step) => !isExit(step));
  const shutdown = (workflow.spec as { shutdown?: string } | undefined)?.shutdown;
  return {
    name,
    namespace: workflow.metadata.namespace ?? "",
    template:
      workflow.metadata.annotations?.[annotationKeys.template] ??
      workflow.metadata.labels?.[labelKeys.template] ??
      name,
    phase,
    finished: finishedPhases.has(phase),
    ...(status.progress ? { progress: status.progress } : {}),
    ...(status.startedAt ? { startedAt: status.startedAt } : {}),
    ...(status.finishedAt ? { finishedAt: status.finishedAt } : {}),
    ...(status.message ? { message: status.message } : {}),
    ...(shutdown ? { shutdown } : {}),
    steps,
    failedSteps: steps.filter((step) => step.phase === "Failed" || step.phase === "Error"),
    exitSteps: leaves.filter(isExit),
    outputs: outputsOf(status, steps),
    retries: Number(workflow.metadata.annotations?.[annotationKeys.retries] ?? 0) || 0,
    nodePhases: nodes.map((node) => ({ name: node.name ?? "", phase: node.phase ?? "Pending" })),
    ...(status.offloadNodeStatusVersion && !status.nodes && !status.compressedNodes
      ? { nodesMissing: "offloaded" as const }
      : {}),
  };
}

function nodesOf(status: WorkflowStatus): Record<string, NodeRecord> {
  if (status.nodes) return status.nodes;
  if (!status.compressedNodes) return {};
  try {
    return JSON.parse(
      decompress(Buffer.from(status.compressedNodes, "base64")).toString("utf8"),
    ) as Record<string, NodeRecord>;
  } catch {
    return {};
  }
}

function decompress(data: Buffer): Buffer {
  if (data[0] === 0x1f && data[1] === 0x8b) return gunzipSync(data);
  if (data.readUInt32LE(0) === 0xfd2fb528) return zstdDecompressSync(data);
  return brotliDecompressSync(data);
}

function stepOf(node: NodeRecord): StepStatus {
  return {
    id: node.id ?? "",
    name: node.name ?? "",
    displayName: node.displayName ?? node.name ?? "",
    type: node.type ?? "",
    phase: node.phase ?? "Pending",
    ...(node.templateName ? { templateName: node.templateName } : {}),
    ...(node.startedAt ? { startedAt: node.startedAt } : {}),
    ...(node.finishedAt ? { finishedAt: node.finishedAt } : {}),
    ...(node.message ? { message: node.message } : {}),
    outputs: parametersOf(node.outputs?.parameters),
  };
}

/** The workflow's outputs, else the output parameters its steps produced (the last one wins). */
function outputsOf(status: WorkflowStatus, steps: StepStatus[]): Output[] {
  const declared = parametersOf(status.outputs?.parameters);
  if (declared.length > 0) return declared;
  const byName = new Map<string, string>();
  for (const step of steps)
    for (const output of step.outputs) byName.set(output.name, output.value);
  return [...byName].map(([name, value]) => ({ name, value }));
}

function parametersOf(parameters: Array<{ name?: string; value?: unknown }> | undefined): Output[] {
  return (parameters ?? [])
    .filter(
      (parameter) =>
        parameter.name !== undefined && parameter.value !== undefined && parameter.value !== null,
    )
    .map((parameter) => ({ name: String(parameter.name), value: String(parameter.value) }));
}
