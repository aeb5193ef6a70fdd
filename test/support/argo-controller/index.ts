// A stand-in for Argo's workflow controller in tests: it moves a Workflow's status (and the
// labels and pods Argo keeps with it) step by step, the way the real controller leaves them.
export type { ArgoRun } from "./argo-run.ts";
export { type ArgoController, type ArgoControllerOptions, argoController } from "./controller.ts";
export { fnv32a, nodeId, type PodNameFormat, podName } from "./names.ts";
export type { FailOptions, StepOptions, SucceedOptions } from "./run.ts";
export type { NodePhase, NodeStatus, NodeType, WorkflowPhase, WorkflowStatus } from "./types.ts";
