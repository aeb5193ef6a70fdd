import { gzipSync, zstdCompressSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import type { ArgoObject } from "../../app/cluster/argo-kinds.ts";
import { renderRunReport } from "../../app/report/render-run-report.ts";
import { runStatusOf } from "../../app/runs/run-status.ts";

function workflow(status: object, steps = 0): ArgoObject {
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Workflow",
    metadata: {
      name: "train-1a2b3c4d",
      namespace: "ml",
      labels: {
        "coxswain.dev/template": "train",
        "coxswain.dev/commit": "c".repeat(40),
        "coxswain.dev/trigger": "comment",
      },
      annotations: { "coxswain.dev/actor": "octocat" },
    },
    spec: {
      entrypoint: "main",
      templates: [
        {
          name: "main",
          steps: Array.from({ length: Math.max(steps, 1) }, (_, i) => [
            { name: `s${i}`, template: "step" },
          ]),
        },
        { name: "step", container: { image: "alpine" } },
      ],
    },
    status,
  };
}

function podNodes(count: number, phase = "Succeeded"): Record<string, object> {
  const nodes: Record<string, object> = {};
  for (let i = 0; i < count; i++) {
    nodes[`n${i}`] = {
      id: `n${i}`,
      name: `train-1a2b3c4d[${i}].s${i}`,
      displayName: `s${i}`,
      type: "Pod",
      phase,
      startedAt: `2026-11-23T10:${String(Math.floor(i / 60) % 60).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}Z`,
      message: "x".repeat(150),
    };
  }
  return nodes;
}

describe("the run report", () => {
  it("reads nodes compressed with gzip or zstd, as Argo stores large workflows", () => {
    const nodes = podNodes(3);
    for (const compress of [gzipSync, zstdCompressSync]) {
      const compressed = compress(Buffer.from(JSON.stringify(nodes))).toString("base64");
      const run = runStatusOf(workflow({ phase: "Running", compressedNodes: compressed }));
      expect(run.steps.map((step) => step.displayName)).toEqual(["s0", "s1", "s2"]);
    }
  });

  it("says so when the nodes are offloaded to Argo's database", () => {
    const wf = workflow({ phase: "Running", offloadNodeStatusVersion: "fnv:123" });
    expect(runStatusOf(wf).nodesMissing).toBe("offloaded");
    expect(renderRunReport(wf, runStatusOf(wf))).toContain("offloaded to Argo's database");
  });

  it("stays under GitHub's 65,536 characters for a run of 3,000 steps, saying how many rows were left out", () => {
    const wf = workflow({ phase: "Running", progress: "3000/3000", nodes: podNodes(3000) }, 3000);
    const text = renderRunReport(wf, runStatusOf(wf));
    expect(text.length).toBeLessThanOrEqual(65_536);
    expect(text).toMatch(/\| … \d+ more steps not shown \|/);
    expect(text.startsWith("<!-- coxswain:run:train-1a2b3c4d -->")).toBe(true);
  });
});
