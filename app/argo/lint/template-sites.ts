// Finds every template of a workflow spec, including the ones a step or DAG task defines
// `inline`, and every place a template calls another one.
import type { YamlPath } from "../../yaml/load-yaml.ts";
import type { Template, TemplateInvocation, WorkflowSpec } from "./argo-document.ts";
import { arrayOf, isRecord, stringOf } from "./yaml-value.ts";

export interface TemplateSite {
  template: Template;
  path: YamlPath;
  /** How messages name it: `template "main"`, `inline template of task "a"`. */
  label: string;
}

export interface InvocationSite {
  invocation: TemplateInvocation;
  path: YamlPath;
  kind: "step" | "task";
  /** The step group of a step; undefined for a DAG task. */
  group?: number;
}

// Inline templates can nest; stop at a depth no sane document reaches.
const maxInlineDepth = 10;

export function templateSitesOf(spec: WorkflowSpec, specPath: YamlPath): TemplateSite[] {
  const sites: TemplateSite[] = [];
  const visit = (site: TemplateSite, depth: number): void => {
    sites.push(site);
    if (depth >= maxInlineDepth) return;
    for (const call of invocationsOf(site)) {
      if (!isRecord(call.invocation.inline)) continue;
      const name = stringOf(call.invocation.name) ?? "?";
      visit(
        {
          template: call.invocation.inline,
          path: [...call.path, "inline"],
          label: `inline template of ${call.kind} "${name}"`,
        },
        depth + 1,
      );
    }
  };
  arrayOf<Template>(spec.templates).forEach((template, index) => {
    if (!isRecord(template)) return;
    const label = `template "${stringOf(template.name) ?? index}"`;
    visit({ template, path: [...specPath, "templates", index], label }, 0);
  });
  return sites;
}

export function invocationsOf(site: TemplateSite): InvocationSite[] {
  const calls: InvocationSite[] = [];
  arrayOf<unknown>(site.template.steps).forEach((group, groupIndex) => {
    arrayOf<TemplateInvocation>(group).forEach((step, stepIndex) => {
      if (!isRecord(step)) return;
      const path = [...site.path, "steps", groupIndex, stepIndex];
      calls.push({ invocation: step, path, kind: "step", group: groupIndex });
    });
  });
  const dag = site.template.dag;
  if (isRecord(dag)) {
    arrayOf<TemplateInvocation>(dag.tasks).forEach((task, taskIndex) => {
      if (!isRecord(task)) return;
      calls.push({
        invocation: task,
        path: [...site.path, "dag", "tasks", taskIndex],
        kind: "task",
      });
    });
  }
  return calls;
}

export function templateNamesOf(spec: WorkflowSpec): string[] {
  return arrayOf<Template>(spec.templates).flatMap((template) => {
    const name = isRecord(template) ? stringOf(template.name) : undefined;
    return name === undefined ? [] : [name];
  });
}
