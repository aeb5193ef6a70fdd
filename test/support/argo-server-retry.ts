// What the Argo server's retry (`argo retry`, PUT …/retry) makes of a failed Workflow, as
// Argo v4's FormulateRetryWorkflow does it in workflow/util/util.go: the run is Running again
// without its end (finishedAt, message, the completed label), every failed step's node and the
// exit handler's nodes are dropped (their pods deleted), and the steps, DAGs and retries above a
// failed step are Running again, so the controller runs the failed steps anew.
// Not modelled: restartSuccessful with a node field selector, parameter overrides.
import type { ArgoObject } from "../../app/cluster/argo-kinds.ts";
import type { NodeStatus, WorkflowStatus } from "./argo-controller/index.ts";
import { mergePatch, plainJson } from "./argo-controller/merge-patch.ts";

export interface WorkflowRetry {
  /** The merge patch that turns the Workflow into the retried one. */
  patch: object;
  /** Ids of the nodes whose pods Argo deletes. */
  deletedPodNodes: string[];
}

type Nodes = Record<string, NodeStatus>;

const groupTypes = new Set(["Steps", "StepGroup", "DAG", "TaskGroup", "Retry"]);

/** The retry of a Workflow, or why Argo refuses it (answered 400 with that message). */
export function workflowRetry(
  workflow: ArgoObject,
  now: string,
): WorkflowRetry | { refused: string } {
  const status = (workflow.status ?? {}) as WorkflowStatus;
  if (status.phase !== "Failed" && status.phase !== "Error")
    return { refused: `Cannot retry a workflow in phase ${status.phase ?? ""}` };
  const nodes = status.nodes ?? {};
  const { deleted, reset } = nodesToDeleteAndReset(nodes, `${workflow.metadata.name}.onExit`);
  const kept: Nodes = {};
  for (const [id, node] of Object.entries(nodes)) {
    if (deleted.has(id)) continue;
    kept[id] = {
      ...(reset.has(id) ? resetNode(node, now) : node),
      children: node.children?.filter((child) => !deleted.has(child)),
      outboundNodes: node.outboundNodes?.filter((out) => !deleted.has(out)),
    };
  }
  const { message: _message, finishedAt: _finishedAt, ...running } = status;
  const conditions = (status.conditions ?? []).filter((c) => c.type !== "Completed");
  const labels = { ...(workflow.metadata.labels ?? {}) };
  delete labels["workflows.argoproj.io/completed"];
  delete labels["workflows.argoproj.io/workflow-archiving-status"];
  labels["workflows.argoproj.io/phase"] = "Running";
  const { shutdown: _shutdown, ...spec } = (workflow.spec ?? {}) as Record<string, unknown>;
  const before = { metadata: { labels: workflow.metadata.labels }, spec: workflow.spec, status };
  const after = {
    metadata: { labels },
    spec,
    status: {
      ...running,
      phase: "Running",
      startedAt: now,
      nodes: kept,
      conditions: [...conditions, { type: "Completed", status: "False" }],
    },
  };
  return {
    patch: mergePatch(plainJson(before), plainJson(after)) as object,
    deletedPodNodes: [...deleted].filter((id) => nodes[id]?.type === "Pod"),
  };
}

/**
 * Each failed step (and a failed Retry node) goes with everything under it; the groups above it
 * are reset. The exit handler's nodes go too.
 */
function nodesToDeleteAndReset(nodes: Nodes, onExit: string) {
  const parentOf = new Map<string, string>();
  for (const node of Object.values(nodes))
    for (const child of node.children ?? []) parentOf.set(child, node.id);
  const under = (id: string): string[] =>
    (nodes[id]?.children ?? []).flatMap((child) => [child, ...under(child)]);
  const deleted = new Set<string>();
  const reset = new Set<string>();
  for (const node of Object.values(nodes)) {
    if (node.name.startsWith(onExit)) deleted.add(node.id);
    const failed = node.phase === "Failed" || node.phase === "Error";
    if (!failed || (groupTypes.has(node.type) && node.type !== "Retry")) continue;
    for (const id of [node.id, ...under(node.id)]) deleted.add(id);
    for (let up = parentOf.get(node.id); up; up = parentOf.get(up))
      if (groupTypes.has(nodes[up]?.type ?? "")) reset.add(up);
  }
  return { deleted, reset };
}

function resetNode(node: NodeStatus, now: string): NodeStatus {
  const { message: _message, finishedAt: _finishedAt, ...rest } = node;
  return { ...rest, phase: node.phase === "Skipped" ? "Skipped" : "Running", startedAt: now };
}
