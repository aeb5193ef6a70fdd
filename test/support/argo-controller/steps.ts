// A steps template (workflow/controller/steps.go): step group `name[i]` after step group, each
// hanging under the outbound nodes of the one before; `when`, fan-out and continueOn per step.
import { evaluateWhen } from "./conditions.ts";
import type { Engine, ExecOptions, Invocation, NodeBase } from "./engine.ts";
import { expandItems, shouldExpand } from "./items.ts";
import { outboundNodes } from "./outbound.ts";
import { addAggregateToScope, addNodeToScope, templateOutputs } from "./scope-outputs.ts";
import { Scope, substituteDeep } from "./substitute.ts";
import {
  failedOrError,
  fulfilled,
  type NodeStatus,
  type StepOrTask,
  type Template,
} from "./types.ts";

interface StepsContext {
  boundaryID: string;
  invocation: Invocation;
  onExit: boolean;
}

export function executeSteps(
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
    type: "Steps",
    boundaryID: opts.boundaryID,
    nodeFlag: opts.nodeFlag,
  });
  const scope = new Scope(invocation.scope);
  const ctx: StepsContext = {
    boundaryID: node.id,
    invocation: { ctx: invocation.ctx, scope },
    onExit: opts.onExit,
  };
  const groups = template.steps ?? [];
  for (const [i, group] of groups.entries()) {
    const sgName = `${nodeName}[${i}]`;
    if (!nodes.get(sgName)) {
      nodes.init(sgName, {
        type: "StepGroup",
        phase: "Running",
        boundaryID: node.id,
        templateScope: invocation.ctx.scope,
        nodeFlag: {},
      });
    }
    connectStepGroup(engine, nodeName, i);
    const sg = executeStepGroup(engine, group, sgName, ctx);
    if (!fulfilled(sg.phase)) return node;
    if (failedOrError(sg.phase)) {
      updateOutbound(engine, nodeName, groups.length);
      return nodes.mark(nodeName, "Failed", sg.message ?? "");
    }
    for (const step of group) {
      const childName = `${sgName}.${step.name}`;
      const child = nodes.get(childName);
      if (child) addNodeToScope(scope, `steps.${step.name}`, child, nodes);
      else {
        const expanded = nodes
          .all()
          .filter(
            (n) =>
              n.boundaryID === node.id &&
              n.name.startsWith(`${childName}(`) &&
              n.type !== "Skipped",
          );
        if (expanded.length > 0) addAggregateToScope(scope, `steps.${step.name}`, expanded);
      }
    }
  }
  updateOutbound(engine, nodeName, groups.length);
  const outputs = templateOutputs(template, scope);
  if (outputs) {
    node.outputs = outputs;
    engine.exportGlobals(outputs);
  }
  return nodes.mark(nodeName, "Succeeded");
}

function connectStepGroup(engine: Engine, nodeName: string, i: number): void {
  const { nodes } = engine;
  const sgName = `${nodeName}[${i}]`;
  const previous = i > 0 ? nodes.get(`${nodeName}[${i - 1}]`) : undefined;
  if (!previous?.children?.length) {
    nodes.addChild(previous?.name ?? nodeName, sgName);
    return;
  }
  for (const child of previous.children) {
    for (const out of outboundNodes(nodes, child)) {
      const outNode = nodes.byId(out);
      if (outNode) nodes.addChild(outNode.name, sgName);
    }
  }
}

function updateOutbound(engine: Engine, nodeName: string, groups: number): void {
  const { nodes } = engine;
  let last: NodeStatus | undefined;
  for (let i = groups - 1; i >= 0 && !last; i--) last = nodes.get(`${nodeName}[${i}]`);
  const node = nodes.get(nodeName);
  if (!last || !node) return;
  const outbound = (last.children ?? []).flatMap((child) => outboundNodes(nodes, child));
  if (outbound.length > 0) node.outboundNodes = outbound;
  else delete node.outboundNodes;
}

function expandGroup(
  engine: Engine,
  group: StepOrTask[],
  sgName: string,
  ctx: StepsContext,
): StepOrTask[] {
  const expanded: StepOrTask[] = [];
  for (const step of group.map((s) => substituteDeep(s, ctx.invocation.scope.lookup))) {
    if (!shouldExpand(step)) {
      expanded.push(step);
      continue;
    }
    const items = expandItems(step);
    const childName = `${sgName}.${step.name}`;
    if (items.length === 0 && !engine.nodes.get(childName)) {
      engine.nodes.init(childName, {
        ...holderFields(step),
        type: "Skipped",
        phase: "Skipped",
        boundaryID: ctx.boundaryID,
        templateScope: ctx.invocation.ctx.scope,
        nodeFlag: {},
        message: "Skipped, empty params",
      });
      engine.nodes.addChild(sgName, childName);
    }
    expanded.push(...items);
  }
  return expanded;
}

function executeStepGroup(
  engine: Engine,
  group: StepOrTask[],
  sgName: string,
  ctx: StepsContext,
): NodeStatus {
  const { nodes } = engine;
  const sg = nodes.get(sgName);
  if (!sg) throw new Error(`argo-controller: no step group ${sgName}`);
  if (fulfilled(sg.phase) && engine.childrenFulfilled(sg)) return sg;
  const steps = expandGroup(engine, group, sgName, ctx);
  for (const step of steps) {
    const childName = `${sgName}.${step.name}`;
    const forced = engine.forcedPhase(step.name);
    if (forced || (step.when !== undefined && !evaluateWhen(step.when))) {
      if (!nodes.get(childName)) {
        nodes.init(childName, {
          ...holderFields(step),
          type: "Skipped",
          phase: forced ?? "Skipped",
          boundaryID: ctx.boundaryID,
          templateScope: ctx.invocation.ctx.scope,
          nodeFlag: {},
          message: skipMessage(forced, step.when),
        });
        nodes.addChild(sgName, childName);
      }
      continue;
    }
    engine.executeTemplate(childName, step, ctx.invocation, step.arguments, {
      boundaryID: ctx.boundaryID,
      onExit: ctx.onExit,
    });
    nodes.addChild(sgName, childName);
  }
  const children = (sg.children ?? []).flatMap((id) => nodes.byId(id) ?? []);
  if (children.some((child) => !fulfilled(child.phase))) return sg;
  for (const child of children) {
    const step = steps.find((s) => `${sgName}.${s.name}` === child.name);
    if (failedOrError(child.phase) && !continuesOn(step, child.phase)) {
      return nodes.mark(sgName, "Failed", `child '${child.id}' failed`);
    }
  }
  return nodes.mark(sgName, "Succeeded");
}

export const holderFields = (step: StepOrTask) => ({
  templateName: step.template,
  templateRef: step.templateRef,
});

export function skipMessage(
  forced: "Skipped" | "Omitted" | undefined,
  when: string | undefined,
): string {
  return forced === "Omitted"
    ? "omitted: depends condition not met"
    : `when '${when ?? "false"}' evaluated false`;
}

export function continuesOn(step: StepOrTask | undefined, phase: NodeStatus["phase"]): boolean {
  return (
    (phase === "Failed" && step?.continueOn?.failed === true) ||
    (phase === "Error" && step?.continueOn?.error === true)
  );
}
