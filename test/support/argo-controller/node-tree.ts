// status.nodes kept the way the controller keeps it: initializeNode, markNodePhase and
// addChildNode of workflow/controller/operator.go, keyed by node id.
import { nodeId } from "./names.ts";
import {
  executable,
  fulfilled,
  type NodePhase,
  type NodeStatus,
  type NodeType,
  type TemplateRef,
} from "./types.ts";

export interface NewNode {
  type: NodeType;
  phase: NodePhase;
  boundaryID: string;
  templateName?: string | undefined;
  templateRef?: TemplateRef | undefined;
  templateScope?: string | undefined;
  nodeFlag?: NodeStatus["nodeFlag"];
  message?: string | undefined;
  inputs?: NodeStatus["inputs"];
}

// displayName is the name relative to the boundary, without a leading `[n].` or `.`
const SEPARATOR = /^(\[\d+\])?\./;

export class NodeTree {
  readonly workflow: string;
  readonly #now: () => string;
  readonly #byId = new Map<string, NodeStatus>();

  constructor(workflow: string, now: () => string, restored: Record<string, NodeStatus> = {}) {
    this.workflow = workflow;
    this.#now = now;
    for (const [id, node] of Object.entries(restored)) this.#byId.set(id, structuredClone(node));
  }

  id(name: string): string {
    return nodeId(this.workflow, name);
  }

  get(name: string): NodeStatus | undefined {
    return this.#byId.get(this.id(name));
  }

  byId(id: string): NodeStatus | undefined {
    return this.#byId.get(id);
  }

  all(): NodeStatus[] {
    return [...this.#byId.values()];
  }

  /** A node that holds others (Retry, Steps, DAG): the one already there, else a new Running one. */
  container(name: string, spec: Omit<NewNode, "phase">): NodeStatus {
    return this.get(name) ?? this.init(name, { ...spec, phase: "Running" });
  }

  init(name: string, spec: NewNode): NodeStatus {
    const id = this.id(name);
    if (this.#byId.has(id)) throw new Error(`argo-controller: node ${name} already initialized`);
    const boundary = spec.boundaryID ? this.#byId.get(spec.boundaryID) : undefined;
    const displayName = boundary
      ? name.slice(name.startsWith(boundary.name) ? boundary.name.length : 0).replace(SEPARATOR, "")
      : name;
    const startedAt = this.#now();
    const node: NodeStatus = {
      id,
      name,
      displayName,
      type: spec.type,
      ...(spec.templateName ? { templateName: spec.templateName } : {}),
      ...(spec.templateRef ? { templateRef: spec.templateRef } : {}),
      ...(spec.templateScope ? { templateScope: spec.templateScope } : {}),
      phase: spec.phase,
      ...(spec.boundaryID ? { boundaryID: spec.boundaryID } : {}),
      ...(spec.message ? { message: spec.message } : {}),
      startedAt,
      ...(fulfilled(spec.phase) ? { finishedAt: startedAt } : {}),
      ...(spec.nodeFlag ? { nodeFlag: spec.nodeFlag } : {}),
      ...(spec.inputs ? { inputs: spec.inputs } : {}),
      ...(executable(spec.type) && spec.type !== "Suspend" ? { taskResultSynced: true } : {}),
    };
    this.#byId.set(id, node);
    return node;
  }

  /** Sets the phase (and message); a node that reaches a final phase gets its finishedAt. */
  mark(name: string, phase: NodePhase, message?: string): NodeStatus {
    const node = this.get(name);
    if (!node) throw new Error(`argo-controller: no node named ${name}`);
    node.phase = phase;
    if (message !== undefined) {
      if (message) node.message = message;
      else delete node.message;
    }
    if (fulfilled(phase) && !node.finishedAt) node.finishedAt = this.#now();
    return node;
  }

  addChild(parentName: string, childName: string): void {
    const parent = this.get(parentName);
    if (!parent) throw new Error(`argo-controller: no node named ${parentName}`);
    const childId = this.id(childName);
    parent.children ??= [];
    if (!parent.children.includes(childId)) parent.children.push(childId);
  }

  toJSON(): Record<string, NodeStatus> {
    return Object.fromEntries(this.#byId);
  }
}
