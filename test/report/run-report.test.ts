import { zstdCompressSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ArgoObject } from "../../app/cluster/argo-kinds.ts";
import { renderRunReport } from "../../app/report/render-run-report.ts";
import { runStatusOf } from "../../app/runs/run-status.ts";
import type { ArgoRun } from "../support/argo-controller/index.ts";
import { argoFor } from "../support/argo-runs.ts";
import { loopbackTarget } from "../support/cluster-target.ts";

let target: Awaited<ReturnType<typeof loopbackTarget>>;
beforeAll(async () => {
  target = await loopbackTarget();
});
afterAll(() => target.close());

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

/** The run of `steps` steps created in a fresh namespace, Argo's controller running it. */
async function argoRunOf(steps: number): Promise<ArgoRun> {
  const namespace = await target.namespace("ml");
  const { apiVersion, kind, metadata, spec } = workflow({}, steps);
  await target.createForeign("workflows", namespace, { apiVersion, kind, metadata, spec });
  return argoFor(target).load(namespace, metadata.name);
}

async function stored(run: ArgoRun): Promise<ArgoObject> {
  const object = await target.get("workflows", run.namespace, run.name);
  if (!object) throw new Error(`no run ${run.name}`);
  return object;
}

// 3,000 nodes written by hand: the controller double would take 3,000 passes to make them.
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
  it("reads nodes compressed with gzip or zstd, as Argo stores large workflows", async () => {
    const run = await argoRunOf(3);
    await run.start();
    for (const step of ["s0", "s1", "s2"]) await run.succeed(step);
    const { nodes, ...status } = run.status();
    // zstd is Argo v4.1's; the controller double compresses with gzip only.
    const zstd = zstdCompressSync(Buffer.from(JSON.stringify(nodes))).toString("base64");
    await run.compressNodes();
    for (const wf of [await stored(run), workflow({ ...status, compressedNodes: zstd }, 3)]) {
      expect(runStatusOf(wf).steps.map((step) => step.displayName)).toEqual(["s0", "s1", "s2"]);
    }
  });

  it("says so when the nodes are offloaded to Argo's database", async () => {
    const run = await argoRunOf(1);
    await run.start();
    await run.offloadNodes();
    const wf = await stored(run);
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

  it("links an ended run to its pipeline's run history when the pages are on, not a running one", () => {
    const annotations = {
      "coxswain.dev/actor": "octocat",
      "coxswain.dev/repo-full-name": "acme/ml pipes",
    };
    const nodes = podNodes(1);
    const ended = workflow({ phase: "Succeeded", finishedAt: "2026-11-23T11:00:00Z", nodes }, 1);
    ended.metadata.annotations = annotations;
    const links = { argoUiUrl: "https://argo.example/", historyUrl: "https://coxswain.example/" };
    expect(renderRunReport(ended, runStatusOf(ended), links)).toContain(
      "[Open in the Argo UI](https://argo.example/workflows/ml/train-1a2b3c4d) · [Runs of train and their metrics](https://coxswain.example/runs/acme/ml%20pipes/pipelines/train)",
    );
    const running = workflow({ phase: "Running", nodes }, 1);
    running.metadata.annotations = annotations;
    expect(renderRunReport(running, runStatusOf(running), links)).not.toContain("coxswain.example");
    expect(renderRunReport(ended, runStatusOf(ended), {})).not.toContain("Runs of train");
  });
});
