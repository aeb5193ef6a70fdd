// The parts of Argo's Workflow spec and status the fake controller reads and writes
// (pkg/apis/workflow/v1alpha1), with Argo's JSON field names.

export interface Parameter {
  name: string;
  value?: string;
  default?: string;
  valueFrom?: { parameter?: string; path?: string; default?: string; [key: string]: unknown };
  globalName?: string;
  [key: string]: unknown;
}

export interface Arguments {
  parameters?: Parameter[];
  [key: string]: unknown;
}

export interface TemplateRef {
  name: string;
  template: string;
  clusterScope?: boolean;
}

export interface RetryStrategy {
  limit?: number | string;
  retryPolicy?: "Always" | "OnFailure" | "OnError" | "OnTransientError";
  [key: string]: unknown;
}

/** A step of a steps template or a task of a DAG: both call a template. */
export interface StepOrTask {
  name: string;
  template?: string;
  templateRef?: TemplateRef;
  inline?: Template;
  arguments?: Arguments;
  when?: string;
  withItems?: unknown[];
  withParam?: string;
  withSequence?: { count?: string | number; start?: string | number; end?: string | number };
  continueOn?: { failed?: boolean; error?: boolean };
  dependencies?: string[];
  depends?: string;
  [key: string]: unknown;
}

export interface Template {
  name?: string;
  container?: { image?: string; command?: string[]; args?: string[] };
  script?: { image?: string; command?: string[]; source?: string };
  containerSet?: { containers?: { name: string; image?: string }[] };
  resource?: unknown;
  data?: unknown;
  suspend?: unknown;
  http?: unknown;
  plugin?: unknown;
  steps?: StepOrTask[][];
  dag?: { tasks: StepOrTask[]; target?: string; failFast?: boolean };
  inputs?: { parameters?: Parameter[]; [key: string]: unknown };
  outputs?: { parameters?: Parameter[]; [key: string]: unknown };
  retryStrategy?: RetryStrategy;
  [key: string]: unknown;
}

export interface LifecycleHook {
  template?: string;
  templateRef?: TemplateRef;
  arguments?: Arguments;
}

export interface WorkflowSpec {
  entrypoint?: string;
  templates?: Template[];
  arguments?: Arguments;
  onExit?: string;
  hooks?: Record<string, LifecycleHook>;
  retryStrategy?: RetryStrategy;
  workflowTemplateRef?: { name: string; clusterScope?: boolean };
  /** "Stop" or "Terminate", written while the run goes (`argo stop`, `argo terminate`). */
  shutdown?: string;
  serviceAccountName?: string;
  /** Copied onto the Workflow when it starts (labelsFrom is not modelled). */
  workflowMetadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  [key: string]: unknown;
}

export type NodePhase =
  | "Pending"
  | "Running"
  | "Succeeded"
  | "Skipped"
  | "Failed"
  | "Error"
  | "Omitted";

export type NodeType =
  | "Pod"
  | "Container"
  | "Steps"
  | "StepGroup"
  | "DAG"
  | "TaskGroup"
  | "Retry"
  | "Skipped"
  | "Suspend"
  | "HTTP"
  | "Plugin";

export interface Outputs {
  parameters?: Parameter[];
  result?: string;
  exitCode?: string;
}

export interface NodeStatus {
  id: string;
  name: string;
  displayName: string;
  type: NodeType;
  templateName?: string;
  templateRef?: TemplateRef;
  templateScope?: string;
  phase: NodePhase;
  boundaryID?: string;
  message?: string;
  startedAt: string;
  finishedAt?: string;
  progress?: string;
  nodeFlag?: { hooked?: boolean; retried?: boolean };
  inputs?: { parameters?: Parameter[] };
  outputs?: Outputs;
  children?: string[];
  outboundNodes?: string[];
  hostNodeName?: string;
  taskResultSynced?: boolean;
}

export type WorkflowPhase = "Pending" | "Running" | "Succeeded" | "Failed" | "Error";

export interface WorkflowStatus {
  phase?: WorkflowPhase;
  startedAt?: string;
  finishedAt?: string;
  progress?: string;
  message?: string;
  nodes?: Record<string, NodeStatus>;
  compressedNodes?: string;
  offloadNodeStatusVersion?: string;
  outputs?: { parameters?: Parameter[] };
  conditions?: { type: string; status: "True" | "False" }[];
  storedWorkflowTemplateSpec?: WorkflowSpec;
  artifactRepositoryRef?: { default: boolean; artifactRepository: Record<string, unknown> };
  taskResultsCompletionStatus?: Record<string, boolean>;
  [key: string]: unknown;
}

export const fulfilled = (phase: NodePhase) =>
  phase === "Succeeded" ||
  phase === "Failed" ||
  phase === "Error" ||
  phase === "Skipped" ||
  phase === "Omitted";

export const failedOrError = (phase: NodePhase) => phase === "Failed" || phase === "Error";

/** Node types whose phase comes from outside the template logic (a pod, a resume). */
export const executable = (type: NodeType) =>
  type === "Pod" ||
  type === "Container" ||
  type === "Suspend" ||
  type === "HTTP" ||
  type === "Plugin";
