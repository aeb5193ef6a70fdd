// What to draw when a spec's own templates do not say what runs: it runs another
// WorkflowTemplate, its entrypoint is missing, or it is a library without entrypoint.
import type { Template, WorkflowSpec } from "../../argo/lint/argo-document.ts";
import { arrayOf, isRecord, stringOf } from "../../argo/lint/yaml-value.ts";
import type { NodeShape } from "./pipeline-graph-types.ts";

export function placeholderRoot(
  spec: WorkflowSpec,
  entrypoint: string | undefined,
): { label: string; shape: NodeShape } | undefined {
  const ref = isRecord(spec.workflowTemplateRef) ? spec.workflowTemplateRef : undefined;
  const refName = stringOf(ref?.name);
  if (refName !== undefined) {
    const kind = ref?.clusterScope === true ? "ClusterWorkflowTemplate" : "WorkflowTemplate";
    const label =
      entrypoint === undefined ? `${kind} ${refName}` : `${entrypoint} (${kind} ${refName})`;
    return { label, shape: "external" };
  }
  if (entrypoint !== undefined)
    return { label: `${entrypoint} (template not found)`, shape: "box" };
  const names = arrayOf<Template>(spec.templates).flatMap((template) => {
    const name = isRecord(template) ? stringOf(template.name) : undefined;
    return name === undefined ? [] : [name];
  });
  if (names.length === 0) return undefined;
  return { label: `no entrypoint; templates: ${names.join(", ")}`, shape: "box" };
}
