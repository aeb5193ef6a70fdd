// The controller's operate(): walk the template tree from the entrypoint on every change, create
// the nodes (and pods) whose turn has come, roll phases up, run the exit handler, complete the
// workflow. Pod phases come from outside (the test), as the pod informer feeds them to Argo.
import { executeDAG } from "./dag.ts";
import type { NodeTree } from "./node-tree.ts";
import { retryOutcome } from "./retry.ts";
import { podNotCreatedMessage, shouldExecute, stoppedMessage } from "./shutdown.ts";
import { executeSteps } from "./steps.ts";
import { Scope, substituteDeep } from "./substitute.ts";
import {
  inputsOf,
  kindOf,
  type TemplateContext,
  type TemplateHolder,
  type TemplateResolver,
} from "./templates.ts";
import {
  type Arguments,
  failedOrError,
  fulfilled,
  type NodePhase,
  type NodeStatus,
  type Outputs,
  type Template,
  type TemplateRef,
  type WorkflowSpec,
} from "./types.ts";
import type { WorkflowState } from "./workflow-state.ts";

export interface Invocation {
  ctx: TemplateContext;
  scope: Scope;
}

export interface ExecOptions {
  boundaryID: string;
  onExit: boolean;
  nodeFlag?: NodeStatus["nodeFlag"];
}

export interface NodeBase {
  templateName?: string | undefined;
  templateRef?: TemplateRef | undefined;
  templateScope: string;
  inputs?: NodeStatus["inputs"];
}

export interface PodRequest {
  node: NodeStatus;
  template: Template;
  onExit: boolean;
}

const MAX_ATTEMPTS_PER_PASS = 1000;

export class Engine {
  readonly nodes: NodeTree;
  readonly state: WorkflowState;
  readonly #spec: WorkflowSpec;
  readonly #resolver: TemplateResolver;
  readonly #root: Invocation;
  /** Pods to create before the next status write. */
  readonly pods: PodRequest[] = [];
  /** Steps/tasks a test decided will not run (`skip`/`omit`), by step or task name. */
  readonly forced = new Map<string, "Skipped" | "Omitted">();

  constructor(
    nodes: NodeTree,
    state: WorkflowState,
    spec: WorkflowSpec,
    resolver: TemplateResolver,
    root: Invocation,
  ) {
    this.nodes = nodes;
    this.state = state;
    this.#spec = spec;
    this.#resolver = resolver;
    this.#root = root;
  }

  /** The spec being executed (the template's joined with the Workflow's for a templateRef). */
  get spec(): WorkflowSpec {
    return this.#spec;
  }

  /** The template a node runs, when it can be named (not for inline templates). */
  templateOf(node: NodeStatus): Template | undefined {
    if (!node.templateName && !node.templateRef) return undefined;
    const holder = { template: node.templateName, templateRef: node.templateRef };
    return this.#resolver.resolve(holder, this.#resolver.context(node.templateScope)).template;
  }

  forcedPhase(stepName: string): "Skipped" | "Omitted" | undefined {
    return this.forced.get(stepName);
  }

  childrenFulfilled(node: NodeStatus): boolean {
    return (node.children ?? []).every((id) => {
      const child = this.nodes.byId(id);
      return !child || (fulfilled(child.phase) && this.childrenFulfilled(child));
    });
  }

  /** Output parameters with a globalName become the workflow's outputs. */
  exportGlobals(outputs: Outputs | undefined): void {
    for (const param of outputs?.parameters ?? []) {
      if (param.globalName && param.value !== undefined) {
        this.state.setOutput(param.globalName, param.value);
        this.#root.scope.set(`workflow.outputs.parameters.${param.globalName}`, param.value);
      }
    }
  }

  operate(): void {
    if (this.state.completed) return;
    this.state.operations++;
    const name = this.nodes.workflow;
    const root = this.executeTemplate(
      name,
      { template: this.#spec.entrypoint },
      this.#root,
      this.#spec.arguments,
      {
        boundaryID: "",
        onExit: false,
      },
    );
    if (!fulfilled(root.phase)) return;
    const status = root.phase === "Failed" || root.phase === "Error" ? root.phase : "Succeeded";
    this.#root.scope.set("workflow.status", status);
    this.#root.scope.set("workflow.failures", JSON.stringify(this.#failures()));
    const hook = this.#spec.onExit
      ? { template: this.#spec.onExit, arguments: this.#spec.arguments }
      : this.#spec.hooks?.exit;
    const { shutdown } = this.state;
    let onExit: NodeStatus | undefined;
    // A shutdown that does not let the exit handler run (Terminate) skips it unless it has begun.
    if (hook && (this.nodes.get(`${name}.onExit`) || shouldExecute(shutdown, true))) {
      onExit = this.executeTemplate(`${name}.onExit`, hook, this.#root, hook.arguments, {
        boundaryID: "",
        onExit: true,
        nodeFlag: { hooked: true },
      });
      if (!fulfilled(onExit.phase)) return;
    }
    if (status === "Succeeded" && onExit && failedOrError(onExit.phase)) {
      this.state.markPhase(onExit.phase, onExit.message ?? "", this.nodes);
    } else {
      const stopped = shutdown && failedOrError(root.phase);
      this.state.markPhase(
        status,
        stopped ? stoppedMessage(shutdown) : (root.message ?? ""),
        this.nodes,
      );
    }
  }

  #failures() {
    return this.nodes
      .all()
      .filter((n) => n.phase === "Failed" || n.phase === "Error")
      .map((n) => ({
        displayName: n.displayName,
        message: n.message ?? "",
        templateName: n.templateName ?? "",
        phase: n.phase,
        finishedAt: n.finishedAt,
      }));
  }

  executeTemplate(
    nodeName: string,
    holder: TemplateHolder,
    caller: Invocation,
    args: Arguments | undefined,
    opts: ExecOptions,
  ): NodeStatus {
    const existing = this.nodes.get(nodeName);
    if (existing && fulfilled(existing.phase)) return existing;
    const { template, ctx } = this.#resolver.resolve(holder, caller.ctx);
    const inputs = substituteDeep(inputsOf(template, args), this.#root.scope.lookup);
    const scope = new Scope(this.#root.scope);
    for (const param of inputs) {
      if (param.value !== undefined) scope.set(`inputs.parameters.${param.name}`, param.value);
    }
    const base: NodeBase = {
      templateName: holder.template,
      templateRef: holder.templateRef,
      templateScope: caller.ctx.scope,
      ...(inputs.length > 0 ? { inputs: { parameters: inputs } } : {}),
    };
    const invocation = { ctx, scope };
    const strategy = template.retryStrategy ?? this.#spec.retryStrategy;
    if (!strategy) return this.#executeKind(nodeName, template, invocation, base, opts);
    return this.#executeWithRetries(nodeName, template, invocation, base, opts);
  }

  #executeWithRetries(
    nodeName: string,
    template: Template,
    invocation: Invocation,
    base: NodeBase,
    opts: ExecOptions,
  ): NodeStatus {
    const strategy = template.retryStrategy ?? this.#spec.retryStrategy ?? {};
    const retry = this.nodes.container(nodeName, {
      ...base,
      type: "Retry",
      boundaryID: opts.boundaryID,
      nodeFlag: opts.nodeFlag,
    });
    const attemptOpts = { ...opts, nodeFlag: { ...opts.nodeFlag, retried: true } };
    for (let pass = 0; pass < MAX_ATTEMPTS_PER_PASS; pass++) {
      const attempts = (retry.children ?? []).flatMap((id) => {
        const child = this.nodes.byId(id);
        return child && !child.nodeFlag?.hooked ? [child] : [];
      });
      const last = attempts.at(-1);
      let attemptName = last?.name;
      if (!last || fulfilled(last.phase)) {
        const outcome = retryOutcome(strategy, attempts, this.state.shutdown);
        if (!outcome.again) {
          if (last?.outputs) retry.outputs = structuredClone(last.outputs);
          return this.nodes.mark(nodeName, outcome.phase, outcome.message);
        }
        attemptName = `${nodeName}(${attempts.length})`;
        this.nodes.addChild(nodeName, attemptName);
      }
      const attempt = this.#executeKind(
        attemptName ?? nodeName,
        template,
        invocation,
        base,
        attemptOpts,
      );
      if (!fulfilled(attempt.phase)) return retry;
    }
    throw new Error(`argo-controller: ${nodeName} keeps retrying; give its retryStrategy a limit`);
  }

  #executeKind(
    nodeName: string,
    template: Template,
    invocation: Invocation,
    base: NodeBase,
    opts: ExecOptions,
  ): NodeStatus {
    switch (kindOf(template)) {
      case "steps":
        return executeSteps(this, nodeName, template, invocation, base, opts);
      case "dag":
        return executeDAG(this, nodeName, template, invocation, base, opts);
      case "suspend":
        return this.#leaf(nodeName, "Suspend", "Running", template, base, opts);
      case "http":
        return this.#leaf(nodeName, "HTTP", "Pending", template, base, opts);
      case "plugin":
        return this.#leaf(nodeName, "Plugin", "Pending", template, base, opts);
      case "pod":
        return this.#leaf(nodeName, "Pod", "Pending", template, base, opts);
    }
  }

  #leaf(
    nodeName: string,
    type: NodeStatus["type"],
    phase: NodePhase,
    template: Template,
    base: NodeBase,
    opts: ExecOptions,
  ): NodeStatus {
    const existing = this.nodes.get(nodeName);
    if (existing) return existing;
    const node = this.nodes.init(nodeName, {
      ...base,
      type,
      phase,
      boundaryID: opts.boundaryID,
      nodeFlag: opts.nodeFlag,
    });
    if (type !== "Pod") return node;
    const { shutdown } = this.state;
    // createWorkflowPod: no pod once a shutdown forbids it; the node fails in its place.
    if (shutdown && !shouldExecute(shutdown, opts.onExit))
      return this.nodes.mark(nodeName, "Failed", podNotCreatedMessage(shutdown));
    this.pods.push({ node, template, onExit: opts.onExit });
    this.state.taskResults[node.id] = false;
    return node;
  }
}
