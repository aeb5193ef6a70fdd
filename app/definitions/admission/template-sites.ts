// Every template Argo may run from a workflow spec: `spec.templates`, `spec.templateDefaults`
// (merged into each of them) and the templates steps and DAG tasks define `inline`, at any
// depth; and every place a template calls another one.
import { arrayOf, isRecord } from "../../argo/lint/yaml-value.ts";
import type { SpecProblem } from "../../argo/spec-problem.ts";
import { childOf, describePlace, type Place } from "./place.ts";
import type { WorkflowSpecAt } from "./workflow-spec.ts";

export type Template = Record<string, unknown>;

export interface TemplateSite {
  template: Template;
  place: Place;
  kind: "template" | "templateDefaults" | "inline";
}

export interface InvocationSite {
  /** A step, a DAG task or a lifecycle hook. */
  invocation: Record<string, unknown>;
  place: Place;
}

export interface TemplateWalk {
  sites: TemplateSite[];
  /** Inline templates nested too deep to be checked: refused rather than skipped. */
  problems: SpecProblem[];
}

// Real pipelines nest inline templates one or two deep; beyond this a document is refused,
// never passed unchecked.
export const maxInlineDepth = 10;

export function templateSitesOf({ spec, place }: WorkflowSpecAt): TemplateWalk {
  const sites: TemplateSite[] = [];
  const problems: SpecProblem[] = [];
  const visit = (site: TemplateSite, depth: number): void => {
    sites.push(site);
    for (const call of invocationsOf(site)) {
      const inline = call.invocation.inline;
      if (!isRecord(inline)) continue;
      const inlinePlace = childOf(call.place, "inline");
      if (depth >= maxInlineDepth) {
        problems.push({
          path: inlinePlace.path,
          message: `${describePlace(inlinePlace)} is an inline template nested more than ${maxInlineDepth} deep, which coxswain does not check; define it in spec.templates and call it by name`,
          severity: "error",
        });
        continue;
      }
      visit({ template: inline, place: inlinePlace, kind: "inline" }, depth + 1);
    }
  };
  if (isRecord(spec.templateDefaults)) {
    const defaults = spec.templateDefaults;
    visit(
      { template: defaults, place: childOf(place, "templateDefaults"), kind: "templateDefaults" },
      0,
    );
  }
  arrayOf<unknown>(spec.templates).forEach((template, index) => {
    if (isRecord(template))
      visit({ template, place: childOf(place, "templates", index), kind: "template" }, 0);
  });
  return { sites, problems };
}

/** The steps and DAG tasks of a template (not their hooks). */
export function invocationsOf(site: TemplateSite): InvocationSite[] {
  const calls: InvocationSite[] = [];
  arrayOf<unknown>(site.template.steps).forEach((group, groupIndex) => {
    arrayOf<unknown>(group).forEach((step, stepIndex) => {
      if (isRecord(step))
        calls.push({
          invocation: step,
          place: childOf(site.place, "steps", groupIndex, stepIndex),
        });
    });
  });
  const dag = site.template.dag;
  if (isRecord(dag)) {
    arrayOf<unknown>(dag.tasks).forEach((task, taskIndex) => {
      if (isRecord(task))
        calls.push({ invocation: task, place: childOf(site.place, "dag", "tasks", taskIndex) });
    });
  }
  return calls;
}

/** The lifecycle hooks (`hooks: {name: {template | templateRef}}`) of a spec, step or task. */
export function hooksOf(holder: Record<string, unknown>, place: Place): InvocationSite[] {
  const hooks = holder.hooks;
  if (!isRecord(hooks)) return [];
  return Object.entries(hooks).flatMap(([name, hook]) =>
    isRecord(hook) ? [{ invocation: hook, place: childOf(place, "hooks", name) }] : [],
  );
}
