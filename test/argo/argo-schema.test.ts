import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type ArgoKind,
  type ArgoSchemaValidator,
  loadArgoSchemaValidator,
} from "../../app/argo/argo-schema.ts";
import { loadYaml } from "../../app/yaml/load-yaml.ts";
import { argoExamplesDir, argoSchemaPath, filesUnder } from "../support/shared-data.ts";

let validator: ArgoSchemaValidator;
beforeAll(() => {
  validator = loadArgoSchemaValidator(argoSchemaPath);
});

function template(spec: unknown): Record<string, unknown> {
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "WorkflowTemplate",
    metadata: { name: "train" },
    spec,
  };
}

describe("Argo schema validation", () => {
  it("accepts every Argo document among Argo's own examples", () => {
    const nonArgoFiles = new Set<string>();
    let validated = 0;
    for (const file of filesUnder(argoExamplesDir)) {
      const loaded = loadYaml(readFileSync(file, "utf8"));
      expect(loaded.ok, file).toBe(true);
      if (!loaded.ok) continue;
      for (const { value } of loaded.documents) {
        const doc = value as { apiVersion?: string; kind: ArgoKind };
        if (!doc.apiVersion?.startsWith("argoproj.io/")) {
          nonArgoFiles.add(relative(argoExamplesDir, file));
          continue;
        }
        expect(validator.validate(doc.kind, doc), file).toEqual([]);
        validated++;
      }
    }
    expect(validated).toBeGreaterThan(140);
    expect([...nonArgoFiles]).toEqual(["testvolume.yaml", "workflow-count-resourcequota.yaml"]);
  });

  it("reports an unknown field with its path and the closest known name", () => {
    const doc = template({
      entrypoint: "main",
      templates: [{ name: "main", contianer: { image: "python:3.12" } }],
    });
    expect(validator.validate("WorkflowTemplate", doc)).toEqual([
      {
        path: ["spec", "templates", 0, "contianer"],
        message: 'unknown field "contianer" in spec.templates[0]; did you mean "container"?',
        severity: "error",
      },
    ]);
  });

  it("accepts an integer where Kubernetes takes IntOrString", () => {
    const doc = template({
      templates: [{ name: "main", retryStrategy: { limit: 10 }, container: { image: "alpine" } }],
    });
    expect(validator.validate("WorkflowTemplate", doc)).toEqual([]);
  });

  it("reports a wrong type and a missing required field", () => {
    const doc = template({ entrypoint: 7, templates: [{ container: { image: "alpine" } }] });
    expect(validator.validate("WorkflowTemplate", doc)).toEqual(
      expect.arrayContaining([
        {
          path: ["spec", "entrypoint"],
          message: "spec.entrypoint must be a string",
          severity: "error",
        },
      ]),
    );
    const missingSpec = {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "WorkflowTemplate",
      metadata: { name: "x" },
    };
    expect(validator.validate("WorkflowTemplate", missingSpec)).toEqual([
      { path: [], message: 'document: missing required field "spec"', severity: "error" },
    ]);
  });

  it("rejects the singular schedule field that Argo v4 removed from CronWorkflow", () => {
    const doc = {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "CronWorkflow",
      metadata: { name: "nightly" },
      spec: {
        schedule: "0 2 * * *",
        workflowSpec: { workflowTemplateRef: { name: "train" } },
      },
    };
    const problems = validator.validate("CronWorkflow", doc);
    expect(problems).toContainEqual({
      path: ["spec", "schedule"],
      message: 'unknown field "schedule" in spec; did you mean "schedules"?',
      severity: "error",
    });
  });
});
