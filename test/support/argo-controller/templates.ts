// Where a step's template comes from (templateresolution): the workflow's own templates, an
// inline template, or a templateRef into a WorkflowTemplate / ClusterWorkflowTemplate.
import type { Arguments, Parameter, Template, TemplateRef } from "./types.ts";

export interface TemplateHolder {
  template?: string | undefined;
  templateRef?: TemplateRef | undefined;
  inline?: Template | undefined;
}

export interface TemplateContext {
  /** `local/<workflow>`, `namespaced/<template>` or `cluster/<template>`: a node's templateScope. */
  scope: string;
  templates: Template[];
}

export type TemplateKind = "steps" | "dag" | "suspend" | "http" | "plugin" | "pod";

export const refKey = (ref: { name: string; clusterScope?: boolean | undefined }) =>
  `${ref.clusterScope ? "cluster" : "namespaced"}/${ref.name}`;

export class TemplateResolver {
  readonly local: TemplateContext;
  readonly #refs: ReadonlyMap<string, Template[]>;

  constructor(local: TemplateContext, refs: ReadonlyMap<string, Template[]>) {
    this.local = local;
    this.#refs = refs;
  }

  /** The context a node's templateScope names. */
  context(scope: string | undefined): TemplateContext {
    const templates = scope ? this.#refs.get(scope) : undefined;
    return templates && scope ? { scope, templates } : this.local;
  }

  resolve(
    holder: TemplateHolder,
    from: TemplateContext,
  ): { template: Template; ctx: TemplateContext } {
    if (holder.inline) return { template: holder.inline, ctx: from };
    if (holder.templateRef) {
      const key = refKey(holder.templateRef);
      const templates = this.#refs.get(key);
      const template = templates?.find((t) => t.name === holder.templateRef?.template);
      if (!templates || !template) {
        throw new Error(
          `argo-controller: template ${holder.templateRef.template} not found in ${key}`,
        );
      }
      return { template, ctx: { scope: key, templates } };
    }
    const template = from.templates.find((t) => t.name === holder.template);
    if (!template)
      throw new Error(`argo-controller: template ${holder.template} not found in ${from.scope}`);
    return { template, ctx: from };
  }
}

export function kindOf(template: Template): TemplateKind {
  if (template.steps) return "steps";
  if (template.dag) return "dag";
  if (template.suspend) return "suspend";
  if (template.http) return "http";
  if (template.plugin) return "plugin";
  if (
    template.container ||
    template.script ||
    template.resource ||
    template.data ||
    template.containerSet
  ) {
    return "pod";
  }
  throw new Error(`argo-controller: Template '${template.name}' missing specification`);
}

/** A template's input parameters with the caller's arguments (or their defaults) as values. */
export function inputsOf(template: Template, args: Arguments | undefined): Parameter[] {
  return (template.inputs?.parameters ?? []).map((param) => {
    const given = args?.parameters?.find((arg) => arg.name === param.name);
    const value = given?.value ?? param.value ?? param.default;
    return value === undefined ? { ...param } : { ...param, value };
  });
}
