// A Mermaid picture of each pipeline a plan creates or changes.
import type { WorkflowSpec } from "../argo/lint/argo-document.ts";
import type { Change } from "../definitions/plan-changes.ts";
import { code, codeBlock, escapeMarkdown } from "./markdown.ts";
import { pipelineGraph } from "./mermaid/pipeline-graph.ts";
import { renderMermaid } from "./mermaid/render-mermaid.ts";

const maxPictures = 10;

export function pipelinePictures(changes: readonly Change[]): string {
  const drawn = changes.filter(
    (change) => change.action === "create" || change.action === "update",
  );
  const pictures = drawn.slice(0, maxPictures).map((change) => {
    const spec = workflowSpecOf(change.kind, change.desired.spec);
    return `### ${escapeMarkdown(change.kind)} ${code(change.name)}\n\n${codeBlock(renderMermaid(pipelineGraph(spec)), "mermaid")}`;
  });
  if (drawn.length > pictures.length)
    pictures.push(`… ${drawn.length - pictures.length} more pipelines not drawn`);
  return pictures.join("\n\n");
}

function workflowSpecOf(kind: string, spec: unknown): WorkflowSpec {
  const record = (spec ?? {}) as Record<string, unknown>;
  return (kind === "CronWorkflow" ? (record.workflowSpec ?? {}) : record) as WorkflowSpec;
}
