// Draws one step or DAG task: a box for a leaf template or a call elsewhere, a subgraph for a
// nested steps/DAG template (down to the depth limit, and not into a template that is
// already being drawn further up, since templates may call themselves).
import type { Template, TemplateInvocation } from "../../argo/lint/argo-document.ts";
import { isRecord, stringOf } from "../../argo/lint/yaml-value.ts";
import type { DrawnItem, DrawScope } from "./draw-scope.ts";
import { fanOutSuffix } from "./fan-out.ts";
import type { NodeShape } from "./pipeline-graph-types.ts";

interface Callee {
  template: Template | undefined;
  /** The template's name, or `workflowTemplate/template` for a templateRef. */
  name: string | undefined;
  external: boolean;
}

export function drawInvocation(
  invocation: TemplateInvocation,
  nodePath: string,
  scope: DrawScope,
  shape: NodeShape = "box",
): DrawnItem | undefined {
  if (!scope.builder.take()) return undefined;
  const name = stringOf(invocation.name) ?? "?";
  const callee = calleeOf(invocation, scope);
  const conditional = typeof invocation.when === "string" && invocation.when !== "";
  const label = [
    callee.name === undefined || callee.name === name ? name : `${name} (${callee.name})`,
    fanOutSuffix(invocation),
    conditional ? "?" : "",
  ]
    .filter(Boolean)
    .join(" ");
  const id = scope.builder.idFor(nodePath);
  const template = callee.template;
  if (template === undefined || !isComposite(template)) {
    const leafShape = callee.external
      ? "external"
      : isRecord(template) && template.suspend !== undefined
        ? "suspend"
        : shape;
    return {
      item: { kind: "node", id, nodePath, label, shape: leafShape },
      edges: [],
      conditional,
    };
  }
  const recursive = callee.name !== undefined && !callee.external && scope.callers.has(callee.name);
  if (recursive || scope.depth >= scope.builder.limits.maxDepth) {
    const marker = recursive ? " ↻" : " …";
    return {
      item: { kind: "node", id, nodePath, label: label + marker, shape },
      edges: [],
      conditional,
    };
  }
  const callers = new Set(scope.callers);
  if (callee.name !== undefined) callers.add(callee.name);
  const inner = scope.expand(template, nodePath, { ...scope, depth: scope.depth + 1, callers });
  return {
    item: { kind: "subgraph", id, nodePath, label, children: inner.items },
    edges: inner.edges,
    conditional,
  };
}

export function isComposite(template: Template): boolean {
  return Array.isArray(template.steps) || isRecord(template.dag);
}

function calleeOf(invocation: TemplateInvocation, scope: DrawScope): Callee {
  if (isRecord(invocation.inline))
    return { template: invocation.inline, name: undefined, external: false };
  const ref = invocation.templateRef;
  if (isRecord(ref)) {
    const parts = [stringOf(ref.name), stringOf(ref.template)].filter((part) => part !== undefined);
    return { template: undefined, name: parts.join("/") || undefined, external: true };
  }
  const name = stringOf(invocation.template);
  return {
    template: name === undefined ? undefined : scope.builder.templates.get(name),
    name,
    external: false,
  };
}
