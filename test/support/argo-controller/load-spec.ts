// The spec a run executes (setExecWorkflow): the Workflow's own, or for a workflowTemplateRef the
// WorkflowTemplate's joined with the Workflow's (its arguments win), plus every template reached
// through a templateRef.
import type { ClusterIO, WorkflowObject } from "./cluster-io.ts";
import { refKey } from "./templates.ts";
import type { Arguments, Template, TemplateRef, WorkflowSpec } from "./types.ts";

export interface LoadedSpec {
  exec: WorkflowSpec;
  /** status.storedWorkflowTemplateSpec for a workflowTemplateRef run. */
  stored: WorkflowSpec | undefined;
  refs: Map<string, Template[]>;
}

function joinArguments(
  base: Arguments | undefined,
  override: Arguments | undefined,
): Arguments | undefined {
  if (!base && !override) return undefined;
  const parameters = [...(base?.parameters ?? [])].map((p) => ({ ...p }));
  for (const param of override?.parameters ?? []) {
    const index = parameters.findIndex((p) => p.name === param.name);
    if (index >= 0) parameters[index] = { ...parameters[index], ...param };
    else parameters.push(param);
  }
  return { ...base, ...override, parameters };
}

function refsOf(spec: WorkflowSpec, templates: Template[]): TemplateRef[] {
  const holders = templates.flatMap((t) => [...(t.steps ?? []).flat(), ...(t.dag?.tasks ?? [])]);
  const hooks = Object.values(spec.hooks ?? {});
  return [...holders, ...hooks].flatMap((h) => (h.templateRef ? [h.templateRef] : []));
}

export async function loadSpec(io: ClusterIO, workflow: WorkflowObject): Promise<LoadedSpec> {
  const namespace = workflow.metadata.namespace ?? "default";
  const own = workflow.spec;
  let exec = own;
  let stored: WorkflowSpec | undefined;
  const ref = own.workflowTemplateRef;
  if (ref) {
    const template = await io.templateSpec(namespace, ref.name, ref.clusterScope === true);
    const joined = joinArguments(template.arguments, own.arguments);
    exec = { ...template, ...own, ...(joined ? { arguments: joined } : {}) };
    stored = workflow.status?.storedWorkflowTemplateSpec ?? exec;
  }
  const refs = new Map<string, Template[]>();
  const pending = refsOf(exec, exec.templates ?? []);
  for (let next = pending.shift(); next; next = pending.shift()) {
    const key = refKey(next);
    if (refs.has(key)) continue;
    const spec = await io.templateSpec(namespace, next.name, next.clusterScope === true);
    refs.set(key, spec.templates ?? []);
    pending.push(...refsOf({}, spec.templates ?? []));
  }
  if (!exec.entrypoint)
    throw new Error(`argo-controller: workflow ${workflow.metadata.name} has no entrypoint`);
  return { exec, stored, refs };
}
