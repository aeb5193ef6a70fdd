// One Workflow driven by a test: each call is what the pod informer would report (a pod runs,
// succeeds, fails), followed by one controller pass and one status write, as Argo does it.
import type { ClusterIO, WorkflowObject } from "./cluster-io.ts";
import type { Engine } from "./engine.ts";
import { mergePatch, plainJson } from "./merge-patch.ts";
import { type PodNameFormat, podName } from "./names.ts";
import { type NodeStorage, storeNodes } from "./node-storage.ts";
import { updateProgress } from "./outbound.ts";
import { podManifest } from "./pod-manifest.ts";
import { PodStatuses, type PodStatusWrite } from "./pod-status.ts";
import { activeNodes, allMatching, nodesMatching } from "./select.ts";
import { applyExecutionControl } from "./shutdown.ts";
import type { NodeStatus, Outputs, Parameter, WorkflowPhase, WorkflowStatus } from "./types.ts";
import { POD_NAME_FORMAT_ANNOTATION, TEMPLATE_LABEL } from "./workflow-state.ts";

export interface RunSettings {
  io: ClusterIO;
  workflow: WorkflowObject;
  engine: Engine;
  podNameFormat: PodNameFormat;
  hostNodeName: string;
  /** The controller's clock (RFC 3339), also the kubelet's for the pods' container statuses. */
  now: () => string;
  setPodLog:
    | ((namespace: string, pod: string, text: string, container?: string) => void)
    | undefined;
}

export interface StepOptions {
  /** Text of the pod's `main` container log (set through the loopback API's setPodLog hook). */
  log?: string;
}

export interface SucceedOptions extends StepOptions {
  outputs?: { parameters?: { name: string; value: string }[]; result?: string };
}

export interface FailOptions extends StepOptions {
  message?: string;
  exitCode?: number;
}

/** Baseline of what this controller wrote, to send only changes as merge patches. */
interface Written {
  status: WorkflowStatus;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

const ARGO_PREFIX = "workflows.argoproj.io/";
const argoKeys = (map: Record<string, string> | undefined) =>
  Object.fromEntries(Object.entries(map ?? {}).filter(([key]) => key.startsWith(ARGO_PREFIX)));

export class RunDriver {
  readonly #s: RunSettings;
  readonly #written: Written;
  #storage: NodeStorage = "inline";
  #lastStatus: WorkflowStatus;
  #logs: { pod: string; text: string }[] = [];
  readonly #pods = new PodStatuses();
  #podStatuses: PodStatusWrite[] = [];
  writes = 0;

  constructor(settings: RunSettings) {
    this.#s = settings;
    const { metadata, status } = settings.workflow;
    this.#written = {
      status: plainJson(status ?? {}),
      labels: argoKeys(metadata.labels),
      annotations: argoKeys(metadata.annotations),
    };
    this.#lastStatus = plainJson(status ?? {});
  }

  get engine(): Engine {
    return this.#s.engine;
  }

  get name(): string {
    return this.#s.workflow.metadata.name;
  }

  get namespace(): string {
    return this.#s.workflow.metadata.namespace ?? "default";
  }

  status(): WorkflowStatus {
    return structuredClone(this.#lastStatus);
  }

  podNameOf(node: NodeStatus): string {
    const template = node.templateName ?? node.templateRef?.template ?? "";
    return podName(this.name, node.name, template, this.#s.podNameFormat);
  }

  nodes(selector: string, all = false): NodeStatus[] {
    const match = all ? allMatching : nodesMatching;
    return match(this.engine.nodes.all(), selector).map((n) => structuredClone(n));
  }

  requireRunning(action: string): void {
    const { state } = this.engine;
    if (state.completed)
      throw new Error(
        `argo-controller: ${action}: ${this.name} has already completed (${state.phase})`,
      );
    if (state.phase !== "Running")
      throw new Error(`argo-controller: ${action}: call start() first`);
  }

  /** The active nodes of a step, or an error that lists what is active. */
  targets(action: string, selector: string): NodeStatus[] {
    this.requireRunning(action);
    const all = this.engine.nodes.all();
    const found = activeNodes(all, selector);
    if (found.length > 0) return found;
    const active = activeNodes(all).map((n) => n.displayName);
    throw new Error(
      `argo-controller: ${action}("${selector}"): no pending or running node matches in ${this.name}; active: ${active.join(", ") || "none"}`,
    );
  }

  begin(): void {
    const { engine } = this;
    const workflow = this.#s.workflow;
    engine.state.annotations[POD_NAME_FORMAT_ANNOTATION] = this.#s.podNameFormat;
    const ref = workflow.spec.workflowTemplateRef;
    if (ref) engine.state.labels[TEMPLATE_LABEL] = ref.name;
    // updateWorkflowMetadata: the spec's workflowMetadata overwrites the Workflow's own keys.
    const { labels = {}, annotations = {} } = engine.spec.workflowMetadata ?? {};
    Object.assign(engine.state.labels, labels);
    Object.assign(engine.state.annotations, annotations);
  }

  /** The pod's side of a node reaching `phase` (pod reconciliation). */
  settle(
    node: NodeStatus,
    phase: NodeStatus["phase"],
    message: string | undefined,
    outputs?: Outputs,
  ): void {
    const { nodes, state } = this.engine;
    if (node.type === "Pod") node.hostNodeName = this.#s.hostNodeName;
    if (outputs) node.outputs = outputs;
    const marked = nodes.mark(node.name, phase, message);
    if (node.type !== "Pod") return;
    if (phase !== "Running") state.taskResults[node.id] = true;
    const write = this.#pods.reached(this.podNameOf(marked), marked, this.#s.now());
    if (write) this.#podStatuses.push(write);
  }

  podOutputs(
    node: NodeStatus,
    given: SucceedOptions["outputs"],
    exitCode: number | undefined,
  ): Outputs | undefined {
    if (node.type !== "Pod" && !given) return undefined;
    const template = this.engine.templateOf(node);
    const declared = template?.outputs?.parameters ?? [];
    const parameters: Parameter[] = (given?.parameters ?? []).map((param) => ({
      ...declared.find((d) => d.name === param.name),
      ...param,
    }));
    const outputs: Outputs = {
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(given?.result !== undefined ? { result: given.result } : {}),
      ...(node.type === "Pod" && exitCode !== undefined ? { exitCode: String(exitCode) } : {}),
    };
    return Object.keys(outputs).length > 0 ? outputs : undefined;
  }

  queueLog(node: NodeStatus, text: string | undefined): void {
    if (text !== undefined && node.type === "Pod")
      this.#logs.push({ pod: this.podNameOf(node), text });
  }

  setStorage(storage: NodeStorage): void {
    this.#storage = storage;
  }

  /** spec.shutdown as the Workflow holds it now: every pass sees the informer's latest copy. */
  async readShutdown(): Promise<void> {
    const { spec } = await this.#s.io.workflow(this.namespace, this.name);
    this.engine.state.shutdown = spec.shutdown || undefined;
  }

  /**
   * One controller pass: pod reconciliation (the test's pod events, already applied, then
   * execution control), then operate().
   */
  reconcile(): void {
    const { engine } = this;
    if (engine.state.operations > 0) {
      // A terminated pod's wait container still reports, so its task result completes.
      for (const killed of applyExecutionControl(engine.nodes, engine.state.shutdown))
        engine.state.taskResults[killed.id] = true;
      const running = engine.nodes.all().some((n) => n.type === "Pod" && n.phase === "Running");
      engine.state.upsertCondition("PodRunning", running ? "True" : "False");
    }
    engine.operate();
  }

  /** Creates the pods the pass asked for, then writes what changed as one merge patch. */
  async commit(): Promise<WorkflowStatus> {
    const { io, workflow } = this.#s;
    for (const request of this.engine.pods.splice(0)) {
      const name = this.podNameOf(request.node);
      const pod = podManifest(
        workflow,
        this.engine.spec,
        request.node,
        name,
        request.template,
        request.onExit,
      );
      await io.createPod(this.namespace, pod);
      this.#pods.created(name, pod.spec?.containers ?? []);
    }
    for (const { pod, status } of this.#podStatuses.splice(0))
      await io.writePodStatus(this.namespace, pod, status);
    for (const log of this.#logs.splice(0))
      this.#s.setPodLog?.(this.namespace, log.pod, log.text, "main");
    const { state, nodes } = this.engine;
    const progress = updateProgress(nodes);
    const status = plainJson({
      ...state.summary(progress),
      ...storeNodes(nodes.toJSON(), this.#storage),
    });
    const statusPatch = mergePatch(this.#written.status, status);
    const labels = mergePatch(this.#written.labels, { ...this.#written.labels, ...state.labels });
    const annotations = mergePatch(this.#written.annotations, {
      ...this.#written.annotations,
      ...state.annotations,
    });
    if (statusPatch === undefined && labels === undefined && annotations === undefined)
      return this.status();
    const metadata = { ...(labels ? { labels } : {}), ...(annotations ? { annotations } : {}) };
    const patch = {
      ...(Object.keys(metadata).length > 0 ? { metadata } : {}),
      ...(statusPatch ? { status: statusPatch } : {}),
    };
    const written = await io.patchWorkflow(this.namespace, this.name, patch);
    this.#written.status = status;
    Object.assign(this.#written.labels, state.labels);
    Object.assign(this.#written.annotations, state.annotations);
    this.#lastStatus = written.status ?? {};
    this.writes++;
    return this.status();
  }

  get phase(): WorkflowPhase | undefined {
    return this.engine.state.phase;
  }
}
