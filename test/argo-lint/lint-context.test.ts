import { describe, expect, it } from "vitest";
import { lintContextOf } from "../../app/argo/lint/lint-context.ts";

describe("lintContextOf", () => {
  it("collects the template names of each WorkflowTemplate and ignores other documents", () => {
    const context = lintContextOf([
      {
        apiVersion: "argoproj.io/v1alpha1",
        kind: "WorkflowTemplate",
        metadata: { name: "shared" },
        spec: { templates: [{ name: "train" }, { name: "evaluate" }, { container: {} }] },
      },
      {
        apiVersion: "argoproj.io/v1alpha1",
        kind: "ClusterWorkflowTemplate",
        metadata: { name: "cluster" },
        spec: {},
      },
      { apiVersion: "v1", kind: "WorkflowTemplate", metadata: { name: "not-argo" } },
      { apiVersion: "argoproj.io/v1alpha1", kind: "WorkflowTemplate", metadata: {} },
      null,
      "text",
    ]);
    expect([...context.workflowTemplates]).toEqual([["shared", new Set(["train", "evaluate"])]]);
  });
});
