// The workflow-level part of the status and the labels Argo keeps with it (markWorkflowPhase).
import type { NodeTree } from "./node-tree.ts";
import type { ShutdownStrategy } from "./shutdown.ts";
import type { Parameter, WorkflowPhase, WorkflowSpec, WorkflowStatus } from "./types.ts";

export const PHASE_LABEL = "workflows.argoproj.io/phase";
export const COMPLETED_LABEL = "workflows.argoproj.io/completed";
export const TEMPLATE_LABEL = "workflows.argoproj.io/workflow-template";
export const POD_NAME_FORMAT_ANNOTATION = "workflows.argoproj.io/pod-name-format";

export const isFinal = (phase: WorkflowPhase | undefined) =>
  phase === "Succeeded" || phase === "Failed" || phase === "Error";

export class WorkflowState {
  readonly #now: () => string;
  phase: WorkflowPhase | undefined;
  startedAt: string | undefined;
  finishedAt: string | undefined;
  message: string | undefined;
  /** operate() passes so far; from the second on, pod reconciliation runs first. */
  operations = 0;
  readonly labels: Record<string, string> = {};
  readonly annotations: Record<string, string> = {};
  readonly taskResults: Record<string, boolean>;
  readonly outputs: Parameter[];
  readonly conditions: { type: string; status: "True" | "False" }[];
  storedSpec: WorkflowSpec | undefined;
  /** The Workflow's spec.shutdown as the last pass read it. */
  shutdown: ShutdownStrategy;

  constructor(now: () => string, restored: WorkflowStatus = {}) {
    this.#now = now;
    this.phase = restored.phase;
    this.startedAt = restored.startedAt;
    this.finishedAt = restored.finishedAt;
    this.message = restored.message;
    this.taskResults = { ...restored.taskResultsCompletionStatus };
    this.outputs = structuredClone(restored.outputs?.parameters ?? []);
    this.conditions = structuredClone(restored.conditions ?? []);
    this.storedSpec = restored.storedWorkflowTemplateSpec;
    if (restored.phase) this.operations = 1;
  }

  get completed(): boolean {
    return isFinal(this.phase);
  }

  setOutput(name: string, value: string): void {
    const existing = this.outputs.find((p) => p.name === name);
    if (existing) existing.value = value;
    else this.outputs.push({ name, value });
  }

  upsertCondition(type: string, status: "True" | "False"): void {
    const existing = this.conditions.find((c) => c.type === type);
    if (existing) existing.status = status;
    else this.conditions.push({ type, status });
  }

  markPhase(phase: WorkflowPhase, message: string, nodes: NodeTree): void {
    if (this.phase !== phase) {
      this.phase = phase;
      this.labels[PHASE_LABEL] = phase;
      this.labels[COMPLETED_LABEL] ??= "false";
    }
    if (!this.startedAt && phase !== "Pending") this.startedAt = this.#now();
    this.message = message || undefined;
    const root = nodes.get(nodes.workflow);
    if (phase === "Error" && root?.phase === "Running")
      nodes.mark(root.name, "Error", "Workflow operation error");
    if (isFinal(phase)) {
      this.finishedAt = this.#now();
      this.labels[COMPLETED_LABEL] = "true";
      this.upsertCondition("Completed", "True");
    }
  }

  /** Everything but the nodes, which the caller stores inline, compressed or offloaded. */
  summary(progress: string): WorkflowStatus {
    return {
      ...(this.phase ? { phase: this.phase } : {}),
      ...(this.startedAt ? { startedAt: this.startedAt } : {}),
      ...(this.finishedAt ? { finishedAt: this.finishedAt } : {}),
      ...(this.phase ? { progress } : {}),
      ...(this.message ? { message: this.message } : {}),
      ...(this.outputs.length > 0 ? { outputs: { parameters: this.outputs } } : {}),
      ...(this.conditions.length > 0 ? { conditions: this.conditions } : {}),
      ...(this.storedSpec ? { storedWorkflowTemplateSpec: this.storedSpec } : {}),
      ...(this.phase ? { artifactRepositoryRef: { default: true, artifactRepository: {} } } : {}),
      ...(Object.keys(this.taskResults).length > 0
        ? { taskResultsCompletionStatus: this.taskResults }
        : {}),
    };
  }
}
