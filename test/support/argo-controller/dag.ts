// A DAG template (workflow/controller/dag.go): tasks `<dag>.<task>` start once their `depends`
// hold, hang under their dependencies' outbound nodes, are Omitted when the condition fails, and
// the DAG's phase comes from the branches leading to its target tasks (assessDAGPhase).
import { dependsTasks, evaluateDepends, evaluateWhen } from "./conditions.ts";
import { assessDagPhase } from "./dag-phase.ts";
import type { Engine, ExecOptions, Invocation, NodeBase } from "./engine.ts";
import { expandItems, shouldExpand } from "./items.ts";
import { outboundNodes } from "./outbound.ts";
import { addAggregateToScope, addNodeToScope, templateOutputs } from "./scope-outputs.ts";
import { holderFields, skipMessage } from "./steps.ts";
import { Scope, substituteDeep } from "./substitute.ts";
import {
  failedOrError,
  fulfilled,
  type NodePhase,
  type NodeStatus,
  type StepOrTask,
  type Template,
} from "./types.ts";

const dependenciesOf = (task: StepOrTask) =>
  task.depends ? dependsTasks(task.depends) : (task.dependencies ?? []);

class DagRun {
  readonly #engine: Engine;
  readonly #name: string;
  readonly #id: string;
  readonly #tasks: StepOrTask[];
  readonly #invocation: Invocation;
  readonly #onExit: boolean;
  readonly #visited = new Set<string>();

  constructor(
    engine: Engine,
    name: string,
    id: string,
    tasks: StepOrTask[],
    invocation: Invocation,
    onExit: boolean,
  ) {
    this.#engine = engine;
    this.#name = name;
    this.#id = id;
    this.#tasks = tasks;
    this.#invocation = invocation;
    this.#onExit = onExit;
  }

  task(name: string): StepOrTask {
    const task = this.#tasks.find((t) => t.name === name);
    if (!task) throw new Error(`argo-controller: DAG ${this.#name} has no task ${name}`);
    return task;
  }

  taskNode(name: string): NodeStatus | undefined {
    return this.#engine.nodes.get(`${this.#name}.${name}`);
  }

  /** Everything later tasks may reference as `tasks.<name>.…`. */
  scope(): Scope {
    const scope = new Scope(this.#invocation.scope);
    for (const task of this.#tasks) {
      const node = this.taskNode(task.name);
      if (!node) continue;
      if (node.type !== "TaskGroup")
        addNodeToScope(scope, `tasks.${task.name}`, node, this.#engine.nodes);
      else {
        const children = (node.children ?? []).flatMap((id) => this.#engine.nodes.byId(id) ?? []);
        addAggregateToScope(scope, `tasks.${task.name}`, children);
      }
    }
    return scope;
  }

  #connect(task: StepOrTask, group: NodeStatus | undefined, childName: string): void {
    const { nodes } = this.#engine;
    const deps = dependenciesOf(task);
    if (deps.length === 0 || group) {
      nodes.addChild(group?.name ?? this.#name, childName);
      return;
    }
    for (const dep of deps) {
      const depNode = this.taskNode(dep);
      for (const out of depNode ? outboundNodes(nodes, depNode.id) : []) {
        const outNode = nodes.byId(out);
        if (outNode) nodes.addChild(outNode.name, childName);
      }
    }
  }

  #result(task: string, result: string): boolean {
    const node = this.taskNode(task);
    const phase = node?.phase;
    const children = (node?.children ?? []).flatMap((id) => this.#engine.nodes.byId(id) ?? []);
    switch (result) {
      case "":
        return (
          phase === "Succeeded" ||
          phase === "Skipped" ||
          (phase === "Failed" && this.task(task).continueOn?.failed === true) ||
          (phase === "Error" && this.task(task).continueOn?.error === true)
        );
      case "Errored":
        return phase === "Error";
      case "Daemoned":
        return false;
      case "AnySucceeded":
        return node?.type === "TaskGroup" && children.some((c) => c.phase === "Succeeded");
      case "AllFailed":
        return (
          node?.type === "TaskGroup" &&
          children.length > 0 &&
          children.every((c) => c.phase === "Failed")
        );
      default:
        return phase === result;
    }
  }

  #initSkip(name: string, task: StepOrTask, phase: NodePhase, message: string): void {
    this.#engine.nodes.init(name, {
      ...holderFields(task),
      type: "Skipped",
      phase,
      boundaryID: this.#id,
      templateScope: this.#invocation.ctx.scope,
      nodeFlag: {},
      message,
    });
  }

  executeTask(name: string): void {
    if (this.#visited.has(name)) return;
    this.#visited.add(name);
    const task = this.task(name);
    const node = this.taskNode(name);
    if (node && fulfilled(node.phase)) return;
    if (!node && !this.#dependenciesAllow(task)) return;
    const resolved = substituteDeep(task, this.scope().lookup);
    const expanded = shouldExpand(task) ? expandItems(resolved) : [resolved];
    const group = this.#taskGroup(task, node, expanded.length);
    for (const item of expanded) this.#run(task, item, group);
    if (group) this.#settleGroup(group, expanded);
  }

  /** Runs the dependencies first; false while they run, or when the task ends up Omitted. */
  #dependenciesAllow(task: StepOrTask): boolean {
    const deps = dependenciesOf(task);
    const logic = task.depends ?? deps.join(" && ");
    if (!logic) return true;
    for (const dep of deps) this.executeTask(dep);
    if (deps.some((dep) => !fulfilled(this.taskNode(dep)?.phase ?? "Pending"))) return false;
    if (evaluateDepends(logic, (t, r) => this.#result(t, r))) return true;
    const nodeName = `${this.#name}.${task.name}`;
    this.#initSkip(nodeName, task, "Omitted", "omitted: depends condition not met");
    this.#connect(task, undefined, nodeName);
    return false;
  }

  /** A fanned-out task gets a TaskGroup node its items hang under. */
  #taskGroup(
    task: StepOrTask,
    node: NodeStatus | undefined,
    items: number,
  ): NodeStatus | undefined {
    if (!shouldExpand(task)) return undefined;
    if (node?.type === "TaskGroup") return node;
    const nodeName = `${this.#name}.${task.name}`;
    if (items === 0) {
      if (!node) {
        this.#initSkip(nodeName, task, "Skipped", "Skipped, empty params");
        this.#connect(task, undefined, nodeName);
      }
      return undefined;
    }
    this.#connect(task, undefined, nodeName);
    return this.#engine.nodes.init(nodeName, {
      ...holderFields(task),
      type: "TaskGroup",
      phase: "Running",
      boundaryID: this.#id,
      templateScope: this.#invocation.ctx.scope,
      nodeFlag: {},
    });
  }

  #run(task: StepOrTask, item: StepOrTask, group: NodeStatus | undefined): void {
    const childName = `${this.#name}.${item.name}`;
    if (!this.#engine.nodes.get(childName)) {
      this.#connect(task, group, childName);
      const forced = this.#engine.forcedPhase(item.name) ?? this.#engine.forcedPhase(task.name);
      if (forced || (item.when !== undefined && !evaluateWhen(item.when))) {
        this.#initSkip(childName, task, forced ?? "Skipped", skipMessage(forced, item.when));
        return;
      }
    }
    this.#engine.executeTemplate(childName, item, this.#invocation, item.arguments, {
      boundaryID: this.#id,
      onExit: this.#onExit,
    });
  }

  #settleGroup(group: NodeStatus, expanded: StepOrTask[]): void {
    const members = expanded.map((t) => this.#engine.nodes.get(`${this.#name}.${t.name}`));
    if (members.some((m) => !m || !fulfilled(m.phase))) return;
    const failed = members.filter((m) => m && failedOrError(m.phase)).at(-1);
    this.#engine.nodes.mark(group.name, failed?.phase ?? "Succeeded");
  }

  assess(targets: string[], failFast: boolean): NodePhase {
    const withIds = targets.map((name) => ({
      id: this.#engine.nodes.id(`${this.#name}.${name}`),
      task: this.task(name),
    }));
    return assessDagPhase(this.#engine.nodes, this.#id, withIds, failFast);
  }

  updateOutbound(targets: string[]): void {
    const node = this.#engine.nodes.byId(this.#id);
    if (!node) return;
    const outbound = targets.flatMap((t) => {
      const taskNode = this.taskNode(t);
      return taskNode ? outboundNodes(this.#engine.nodes, taskNode.id) : [];
    });
    if (outbound.length > 0) node.outboundNodes = outbound;
  }
}

function leafTasks(tasks: StepOrTask[]): string[] {
  const depended = new Set(tasks.flatMap(dependenciesOf));
  return tasks
    .map((t) => t.name)
    .filter((name) => !depended.has(name))
    .sort();
}

export function executeDAG(
  engine: Engine,
  nodeName: string,
  template: Template,
  invocation: Invocation,
  base: NodeBase,
  opts: ExecOptions,
): NodeStatus {
  const { nodes } = engine;
  const node = nodes.container(nodeName, {
    ...base,
    type: "DAG",
    boundaryID: opts.boundaryID,
    nodeFlag: opts.nodeFlag,
  });
  const tasks = template.dag?.tasks ?? [];
  const dag = new DagRun(engine, nodeName, node.id, tasks, invocation, opts.onExit);
  const targets = template.dag?.target ? template.dag.target.split(/\s+/) : leafTasks(tasks);
  for (const target of targets) dag.executeTask(target);
  // assessDAGPhase fails a DAG outright during a shutdown, an exit handler's own DAG excepted
  // (the fix of argo-workflows#16488, in v4.0.8).
  const shutdownFails = !!engine.state.shutdown && !opts.onExit;
  const phase = shutdownFails ? "Failed" : dag.assess(targets, template.dag?.failFast ?? true);
  if (phase === "Running") return node;
  dag.updateOutbound(targets);
  if (failedOrError(phase)) return nodes.mark(nodeName, phase);
  const outputs = templateOutputs(template, dag.scope());
  if (outputs) {
    node.outputs = outputs;
    engine.exportGlobals(outputs);
  }
  return nodes.mark(nodeName, "Succeeded");
}
