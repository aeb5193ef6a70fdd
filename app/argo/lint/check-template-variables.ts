// References inside one template: `{{inputs.parameters.NAME}}` must be declared in the
// template's inputs, `{{steps.NAME.…}}` must name a step of an earlier step group (its
// `.status` is also known within the same group, and a step's hooks see the step itself) and
// `{{tasks.NAME.…}}` a task of the DAG.
import type { YamlPath } from "../../yaml/load-yaml.ts";
import type { SpecProblem } from "../spec-problem.ts";
import { parameterNames } from "./parameter-names.ts";
import { lintError } from "./problem.ts";
import { notFound } from "./suggestion.ts";
import { invocationsOf, type TemplateSite } from "./template-sites.ts";
import { type SimpleTag, simpleTagsIn } from "./template-tags.ts";
import { arrayOf, isRecord, stringOf, stringsIn } from "./yaml-value.ts";

interface StepName {
  name: string;
  group: number;
}

/** Where a string sits in a steps template, which decides the steps it can see. */
interface StepPosition {
  /** Its step group; strings outside `steps` (such as outputs) see every step. */
  group: number;
  /** The step whose lifecycle hooks hold the string: hooks run after it, so see it. */
  hookedStep?: string;
}

interface TemplateScope {
  site: TemplateSite;
  inputs: string[];
  steps: StepName[] | undefined;
  tasks: string[] | undefined;
}

export function checkTemplateVariables(site: TemplateSite): SpecProblem[] {
  const calls = invocationsOf(site);
  const inlinePaths = new Set(calls.map((call) => pathKey([...call.path, "inline"])));
  const named = (kind: "step" | "task") =>
    calls.flatMap((call) => {
      const name = stringOf(call.invocation.name);
      return call.kind === kind && name !== undefined ? [{ name, group: call.group ?? 0 }] : [];
    });
  const scope: TemplateScope = {
    site,
    inputs: parameterNames(isRecord(site.template.inputs) ? site.template.inputs.parameters : []),
    steps: Array.isArray(site.template.steps) ? named("step") : undefined,
    tasks: isRecord(site.template.dag) ? named("task").map((task) => task.name) : undefined,
  };
  // Inline templates have their own inputs and are checked as templates of their own.
  const strings = stringsIn(site.template, site.path, (path) => inlinePaths.has(pathKey(path)));
  return strings.flatMap(({ value, path }) =>
    simpleTagsIn(value).flatMap((tag) => {
      const message = problemWith(tag, stepPosition(path, site), scope);
      return message === undefined ? [] : [lintError(path, `${tag.text}: ${message}`)];
    }),
  );
}

function problemWith(
  tag: SimpleTag,
  position: StepPosition,
  scope: TemplateScope,
): string | undefined {
  const [root, second, ...rest] = tag.reference.split(".");
  if (root === "inputs" && second === "parameters" && rest.length > 0) {
    const name = rest.join(".");
    if (scope.inputs.includes(name)) return undefined;
    return notFound("input parameter", name, scope.inputs, {
      where: `the inputs of ${scope.site.label}`,
      listLabel: "declared",
    });
  }
  // `{{steps.name}}` and `{{tasks.name}}` are the current step's and task's own name.
  if (second === undefined || second === "name") return undefined;
  if (root === "steps" && scope.steps !== undefined)
    return stepProblem(second, rest, position, scope);
  if (root === "tasks" && scope.tasks !== undefined && !scope.tasks.includes(second)) {
    return notFound("task", second, scope.tasks, {
      where: `the DAG of ${scope.site.label}`,
      listLabel: "tasks",
    });
  }
  return undefined;
}

function stepProblem(
  name: string,
  rest: string[],
  { group, hookedStep }: StepPosition,
  scope: TemplateScope,
): string | undefined {
  if (name === hookedStep) return undefined;
  const steps = scope.steps ?? [];
  const step = steps.find((candidate) => candidate.name === name);
  if (step === undefined) {
    const visible = steps
      .filter((candidate) => candidate.group < group)
      .map((candidate) => candidate.name);
    const where = Number.isFinite(group)
      ? `the earlier step groups of ${scope.site.label}`
      : `the steps of ${scope.site.label}`;
    return notFound("step", name, visible, { where, listLabel: "steps" });
  }
  if (step.group < group) return undefined;
  if (step.group === group && rest.length === 1 && rest[0] === "status") return undefined;
  return `step "${name}" runs in step group ${step.group}, not before this one (group ${group}); only steps of earlier groups can be referenced`;
}

function stepPosition(path: YamlPath, site: TemplateSite): StepPosition {
  const [field, group, index, key] = path.slice(site.path.length);
  if (field !== "steps" || typeof group !== "number") return { group: Number.POSITIVE_INFINITY };
  if (key !== "hooks" || typeof index !== "number") return { group };
  const step = arrayOf<unknown>(arrayOf<unknown>(site.template.steps)[group])[index];
  const hookedStep = isRecord(step) ? stringOf(step.name) : undefined;
  return hookedStep === undefined ? { group } : { group, hookedStep };
}

function pathKey(path: YamlPath): string {
  return JSON.stringify(path);
}
