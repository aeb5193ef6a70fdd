import type { Template } from "../../argo/lint/argo-document.ts";
import { isRecord } from "../../argo/lint/yaml-value.ts";
import type { DrawScope } from "./draw-scope.ts";
import { expandDag } from "./expand-dag.ts";
import { expandSteps } from "./expand-steps.ts";
import type { Fragment } from "./graph-builder.ts";

/** Draws the steps or the DAG of a template. */
export function expandTemplate(template: Template, nodePath: string, scope: DrawScope): Fragment {
  if (Array.isArray(template.steps)) return expandSteps(template, nodePath, scope);
  if (isRecord(template.dag)) return expandDag(template, nodePath, scope);
  return { items: [], edges: [], entries: [], exits: [] };
}
