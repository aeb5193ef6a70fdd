// What a test does to a run: start it, move its steps' pods along, settle it. Every call that
// changes something is one controller pass and one status write (`writes` counts them).
import type { FailOptions, RunDriver, StepOptions, SucceedOptions } from "./run.ts";
import { activeNodes } from "./select.ts";
import type { NodeStatus, WorkflowPhase, WorkflowStatus } from "./types.ts";

const MAX_PASSES = 10_000;

export class ArgoRun {
  readonly #d: RunDriver;

  constructor(driver: RunDriver) {
    this.#d = driver;
  }

  get name(): string {
    return this.#d.name;
  }

  get namespace(): string {
    return this.#d.namespace;
  }

  /** Status writes so far. */
  get writes(): number {
    return this.#d.writes;
  }

  /** The status as last written (and as the API server stored it). */
  status(): WorkflowStatus {
    return this.#d.status();
  }

  /** The node a name, display name or step name selects (the Retry node, not its attempts). */
  node(selector: string): NodeStatus | undefined {
    return this.#d.nodes(selector)[0];
  }

  /** Every node of a step: its own, its retry attempts, its fanned-out items. */
  nodes(selector: string): NodeStatus[] {
    return this.#d.nodes(selector, true);
  }

  /** The pod name of a step's (latest) pod node. */
  podName(selector: string): string {
    const pods = this.#d.nodes(selector, true).filter((n) => n.type === "Pod");
    const node = pods.at(-1);
    if (!node)
      throw new Error(`argo-controller: no pod node matches "${selector}" in ${this.name}`);
    return this.#d.podNameOf(node);
  }

  /** Phase Pending with a message, as when a semaphore or parallelism holds the run back. */
  async pending(message = ""): Promise<WorkflowStatus> {
    const { state, nodes } = this.#d.engine;
    if (state.phase && state.phase !== "Pending")
      throw new Error(`argo-controller: ${this.name} has started`);
    state.markPhase("Pending", message, nodes);
    return this.#d.commit();
  }

  /** The first pass: phase Running, startedAt, labels, the root node and the first pods. */
  async start(): Promise<WorkflowStatus> {
    const { state, nodes } = this.#d.engine;
    if (state.phase && state.phase !== "Pending")
      throw new Error(`argo-controller: ${this.name} has already started`);
    await this.#d.readShutdown();
    this.#d.begin();
    state.markPhase("Running", "", nodes);
    this.#d.engine.operate();
    return this.#d.commit();
  }

  /**
   * A pass with no pod event, as when the Workflow itself changed: a `spec.shutdown` written
   * through the API (coxswain's /stop, /terminate) takes effect here, or with any later call.
   */
  async operate(): Promise<WorkflowStatus> {
    if (this.#d.engine.state.completed) return this.status();
    this.#d.requireRunning("operate");
    return this.#pass();
  }

  async progress(step: string, options: StepOptions = {}): Promise<WorkflowStatus> {
    for (const node of this.#d.targets("progress", step)) {
      this.#d.settle(node, "Running", node.phase === "Pending" ? "" : undefined);
      this.#d.queueLog(node, options.log);
    }
    return this.#pass();
  }

  async succeed(step: string, options: SucceedOptions = {}): Promise<WorkflowStatus> {
    for (const node of this.#d.targets("succeed", step)) this.#succeed(node, options);
    return this.#pass();
  }

  async fail(step: string, options: FailOptions = {}): Promise<WorkflowStatus> {
    for (const node of this.#d.targets("fail", step)) this.#fail(node, "Failed", options);
    return this.#pass();
  }

  async error(step: string, options: FailOptions = {}): Promise<WorkflowStatus> {
    for (const node of this.#d.targets("error", step)) this.#fail(node, "Error", options);
    return this.#pass();
  }

  /** The step will be Skipped when its turn comes, as if its `when` were false. */
  async skip(step: string): Promise<void> {
    this.#force(step, "Skipped");
  }

  /** The task will be Omitted when its turn comes, as if its `depends` did not hold. */
  async omit(step: string): Promise<void> {
    this.#force(step, "Omitted");
  }

  /**
   * Completes the run once its own nodes are done: the exit handler's nodes succeed, the phase
   * rolls up as Argo's does. A run whose last node finished has completed already.
   */
  async finish(): Promise<WorkflowStatus> {
    if (this.#d.engine.state.completed) return this.status();
    this.#d.requireRunning("finish");
    const busy = activeNodes(this.#d.engine.nodes.all()).filter((n) => !this.#isExitHandler(n));
    if (busy.length > 0) {
      const names = busy.map((n) => n.displayName).join(", ");
      throw new Error(
        `argo-controller: finish(): ${this.name} still runs ${names}; settle them or use finishAs()`,
      );
    }
    return this.#settleAll(() => "Succeeded");
  }

  /** Every remaining node settles so that the run ends in `phase` (the exit handler succeeds). */
  async finishAs(
    phase: Exclude<WorkflowPhase, "Pending" | "Running">,
    options: FailOptions = {},
  ): Promise<WorkflowStatus> {
    const { state, nodes } = this.#d.engine;
    if (state.completed) {
      if (state.phase === phase) return this.status();
      throw new Error(
        `argo-controller: finishAs(${phase}): ${this.name} already ended ${state.phase}`,
      );
    }
    this.#d.requireRunning("finishAs");
    if (phase === "Error") {
      // A controller-level error: the workflow is marked Error at once, nodes stay where they are.
      const message = options.message ?? "pod deleted";
      for (const node of activeNodes(nodes.all()))
        this.#fail(node, "Error", { ...options, message });
      state.markPhase("Error", message, nodes);
      return this.#d.commit();
    }
    const status = await this.#settleAll(
      (node) => (phase === "Failed" && !this.#isExitHandler(node) ? "Failed" : "Succeeded"),
      options,
    );
    if (state.phase !== phase)
      throw new Error(`argo-controller: finishAs(${phase}): ${this.name} ended ${state.phase}`);
    return status;
  }

  /** Later writes store status.nodes gzipped in status.compressedNodes, as Argo does for large runs. */
  async compressNodes(): Promise<WorkflowStatus> {
    this.#d.setStorage("compressed");
    return this.#d.commit();
  }

  /** Later writes leave status.nodes out and set offloadNodeStatusVersion, as with a node DB. */
  async offloadNodes(): Promise<WorkflowStatus> {
    this.#d.setStorage("offloaded");
    return this.#d.commit();
  }

  async #pass(): Promise<WorkflowStatus> {
    await this.#d.readShutdown();
    this.#d.reconcile();
    return this.#d.commit();
  }

  async #settleAll(
    outcome: (node: NodeStatus) => "Succeeded" | "Failed",
    options: FailOptions = {},
  ): Promise<WorkflowStatus> {
    const { engine } = this.#d;
    for (let pass = 0; pass < MAX_PASSES && !engine.state.completed; pass++) {
      const active = activeNodes(engine.nodes.all());
      if (active.length === 0)
        throw new Error(
          `argo-controller: ${this.name} has nothing left to run but has not completed`,
        );
      for (const node of active) {
        if (outcome(node) === "Succeeded") this.#succeed(node, {});
        else this.#fail(node, "Failed", options);
      }
      await this.#pass();
    }
    if (!engine.state.completed)
      throw new Error(`argo-controller: ${this.name} does not complete (retries without a limit?)`);
    return this.status();
  }

  #succeed(node: NodeStatus, options: SucceedOptions): void {
    const outputs = this.#d.podOutputs(node, options.outputs, 0);
    this.#d.settle(node, "Succeeded", "", outputs);
    this.#d.engine.exportGlobals(outputs);
    this.#d.queueLog(node, options.log);
  }

  #fail(node: NodeStatus, phase: "Failed" | "Error", options: FailOptions): void {
    const exitCode = phase === "Failed" ? (options.exitCode ?? 1) : undefined;
    const message =
      options.message ??
      (phase === "Failed" ? `main: Error (exit code ${exitCode})` : "pod deleted");
    this.#d.settle(node, phase, message, this.#d.podOutputs(node, undefined, exitCode));
    this.#d.queueLog(node, options.log);
  }

  #isExitHandler(node: NodeStatus): boolean {
    return node.name.startsWith(`${this.name}.onExit`);
  }

  #force(step: string, phase: "Skipped" | "Omitted"): void {
    const started = this.#d.nodes(step, true).filter((n) => n.type !== "Skipped");
    if (started.length > 0) {
      throw new Error(
        `argo-controller: ${step} has already started; Argo decides when a step starts, so call skip()/omit() before its turn`,
      );
    }
    this.#d.engine.forced.set(step, phase);
  }
}
