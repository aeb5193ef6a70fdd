import { describe, expect, it } from "vitest";
import type { WorkflowSpec } from "../../app/argo/lint/argo-document.ts";
import { isRecord } from "../../app/argo/lint/yaml-value.ts";
import { pipelineGraph } from "../../app/report/mermaid/pipeline-graph.ts";
import { renderMermaid } from "../../app/report/mermaid/render-mermaid.ts";
import { argoExampleDocuments } from "../argo-lint/argo-examples.ts";

const specs = argoExampleDocuments().flatMap(({ name, document }) => {
  const spec =
    document.kind === "CronWorkflow" && isRecord(document.spec)
      ? document.spec.workflowSpec
      : document.spec;
  return isRecord(spec) && Array.isArray(spec.templates)
    ? [[name, spec as WorkflowSpec] as const]
    : [];
});

describe("pictures of Argo's own examples", () => {
  it("finds the examples with templates", () => {
    expect(specs.length).toBeGreaterThanOrEqual(140);
  });

  it.each(specs)("renders %s with unique ids", (_name, spec) => {
    const text = renderMermaid(pipelineGraph(spec), { phaseOf: () => "Succeeded" });
    expect(text.startsWith("flowchart TD\n")).toBe(true);
    const ids = [...text.matchAll(/^\s+(?:subgraph )?(n\w*)[[({>]/gm)].map((match) => match[1]);
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
