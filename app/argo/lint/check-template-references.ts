// Every template a spec calls must exist: from steps, DAG tasks, exit handlers and lifecycle
// hooks, by name or by `templateRef`. Template names must be unique.
import type { YamlPath } from "../../yaml/load-yaml.ts";
import type { SpecProblem } from "../spec-problem.ts";
import type { LifecycleHook, Template, WorkflowSpec } from "./argo-document.ts";
import { checkTemplateName, checkTemplateRef } from "./check-template-name.ts";
import type { LintContext } from "./lint-context.ts";
import { lintError } from "./problem.ts";
import { type InvocationSite, invocationsOf, type TemplateSite } from "./template-sites.ts";
import { arrayOf, entriesOf, isRecord, stringOf } from "./yaml-value.ts";

export interface ReferenceScope {
  /** Undefined when the callable templates cannot be known. */
  templateNames: readonly string[] | undefined;
  context: LintContext;
}

export function checkTemplateReferences(
  spec: WorkflowSpec,
  specPath: YamlPath,
  sites: readonly TemplateSite[],
  scope: ReferenceScope,
): SpecProblem[] {
  return [
    ...checkUniqueTemplateNames(spec, specPath),
    ...checkTemplateName(spec.onExit, [...specPath, "onExit"], scope.templateNames),
    ...checkHooks(spec.hooks, [...specPath, "hooks"], scope),
    ...sites.flatMap((site) => invocationsOf(site).flatMap((call) => checkInvocation(call, scope))),
  ];
}

function checkUniqueTemplateNames(spec: WorkflowSpec, specPath: YamlPath): SpecProblem[] {
  const firstIndex = new Map<string, number>();
  const problems: SpecProblem[] = [];
  arrayOf<Template>(spec.templates).forEach((template, index) => {
    const name = isRecord(template) ? stringOf(template.name) : undefined;
    if (name === undefined) return;
    const first = firstIndex.get(name);
    if (first === undefined) firstIndex.set(name, index);
    else {
      const message = `template name "${name}" is already used by templates[${first}]; template names must be unique`;
      problems.push(lintError([...specPath, "templates", index, "name"], message));
    }
  });
  return problems;
}

function checkInvocation(call: InvocationSite, scope: ReferenceScope): SpecProblem[] {
  const { invocation, path } = call;
  const ways = ["template", "templateRef", "inline"] as const;
  const given = ways.filter((way) => invocation[way] !== undefined && invocation[way] !== null);
  const name = stringOf(invocation.name) ?? "?";
  if (given.length === 0) {
    return [
      lintError(
        path,
        `${call.kind} "${name}" calls no template: set template, templateRef or inline`,
      ),
    ];
  }
  if (given.length > 1) {
    const message = `${call.kind} "${name}" sets ${given.join(" and ")}; set only one of template, templateRef or inline`;
    return [lintError([...path, given[1] ?? "template"], message)];
  }
  return [
    ...checkTemplateName(invocation.template, [...path, "template"], scope.templateNames),
    ...checkTemplateRef(invocation.templateRef, [...path, "templateRef"], scope.context),
    ...checkTemplateName(invocation.onExit, [...path, "onExit"], scope.templateNames),
    ...checkHooks(invocation.hooks, [...path, "hooks"], scope),
  ];
}

function checkHooks(hooks: unknown, path: YamlPath, scope: ReferenceScope): SpecProblem[] {
  return entriesOf<LifecycleHook>(hooks).flatMap(([hookName, hook]) => {
    if (!isRecord(hook)) return [];
    return [
      ...checkTemplateName(hook.template, [...path, hookName, "template"], scope.templateNames),
      ...checkTemplateRef(hook.templateRef, [...path, hookName, "templateRef"], scope.context),
    ];
  });
}
