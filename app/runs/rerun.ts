// The inputs of an earlier run, so it can be started again: same template, parameters and
// commit. (A resubmit, in Argo's words; a retry of failed steps only needs the Argo server.)
import type { ArgoObject } from "../cluster/argo-kinds.ts";
import { annotationKeys, labelKeys } from "../cluster/labels.ts";

export interface RunInputs {
  template: string;
  commit: string;
  parameters: Record<string, string>;
}

export function inputsOf(run: ArgoObject): RunInputs | undefined {
  const labels = run.metadata.labels ?? {};
  const template =
    run.metadata.annotations?.[annotationKeys.template] ?? labels[labelKeys.template];
  const commit = labels[labelKeys.commit];
  if (!template || !commit) return undefined;
  const given = (
    run.spec as
      | { arguments?: { parameters?: Array<{ name: string; value?: unknown }> } }
      | undefined
  )?.arguments?.parameters;
  const parameters: Record<string, string> = {};
  for (const parameter of given ?? []) {
    if (parameter.value !== undefined && parameter.value !== null)
      parameters[parameter.name] = String(parameter.value);
  }
  return { template, commit, parameters };
}
