// Faults only the loopback API produces on demand: a dropped watch, an expired resourceVersion.
// Argo's controller double moves the runs.
import { load } from "js-yaml";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { argoClusterFor } from "../../app/cluster/argo-cluster.ts";
import type { ArgoObject } from "../../app/cluster/argo-kinds.ts";
import { RunWatcher } from "../../app/watch/run-watcher.ts";
import { argoController } from "../support/argo-controller/index.ts";
import { startTestKubeApi, type TestKubeApi } from "../support/kube-api/index.ts";
import { workflowTemplate } from "../support/pipelines.ts";

let api: TestKubeApi;
let watcher: RunWatcher | undefined;
const seen: string[] = [];
const events = {
  observe: async (workflow: ArgoObject) => {
    seen.push(
      `${workflow.metadata.name}:${(workflow.status as { phase?: string } | undefined)?.phase ?? "-"}`,
    );
  },
  forget: () => {},
};

beforeEach(async () => {
  seen.length = 0;
  api = await startTestKubeApi({ historyLimit: 5 });
  api.createNamespace("ml");
  api.put({
    ...(load(workflowTemplate("train")) as object),
    metadata: { name: "train", namespace: "ml" },
  } as never);
});
afterEach(async () => {
  watcher?.stop();
  await api.close();
});

function run(name: string, managed = true): Record<string, unknown> {
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Workflow",
    metadata: {
      name,
      namespace: "ml",
      labels: managed ? { "app.kubernetes.io/managed-by": "coxswain" } : {},
    },
    spec: { workflowTemplateRef: { name: "train" } },
  };
}

/** Argo takes the run up and runs it to `phase`, or only starts it. */
async function argoRuns(name: string, phase?: "Succeeded" | "Failed"): Promise<void> {
  const run = await argoController(api.kubeConfig()).load("ml", name);
  await run.start();
  if (phase) await run.finishAs(phase);
}

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out; seen ${seen.join(" ")}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("the run watcher", () => {
  it("lists the managed runs first, then follows their changes, and ignores unmanaged ones", async () => {
    api.put(run("a") as never);
    api.put(run("hand-made", false) as never);
    watcher = new RunWatcher(argoClusterFor(api.kubeConfig()), events, pino({ level: "silent" }));
    await watcher.start();
    expect(seen).toEqual(["a:-"]);
    await argoRuns("a");
    await until(() => seen.includes("a:Running"));
    expect(seen.some((entry) => entry.startsWith("hand-made"))).toBe(false);
  });

  it("lists again after the server drops the watch, so a change made meanwhile is not lost", async () => {
    api.put(run("a") as never);
    watcher = new RunWatcher(argoClusterFor(api.kubeConfig()), events, pino({ level: "silent" }), {
      backoffMs: 50,
    });
    await watcher.start();
    api.dropWatches();
    await argoRuns("a", "Succeeded");
    await until(() => seen.includes("a:Succeeded"));
    await until(() => watcher !== undefined && watcher.watchStarts >= 2);
  });

  it("lists again when its resourceVersion has expired (410)", async () => {
    api.put(run("a") as never);
    watcher = new RunWatcher(argoClusterFor(api.kubeConfig()), events, pino({ level: "silent" }), {
      backoffMs: 50,
    });
    await watcher.start();
    api.dropWatches();
    // Many changes and a compaction while no watch runs: the old resourceVersion is gone.
    for (let i = 0; i < 10; i++) api.put(run(`b${i}`) as never);
    api.compact();
    await argoRuns("a", "Failed");
    await until(() => seen.includes("a:Failed") && seen.includes("b9:-"));
  });
});
