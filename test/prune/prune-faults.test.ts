// What only the loopback API can stage: the API server failing for a while, and a run
// re-created under the same name between the pruner's list and its delete.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { argoClusterFor } from "../../app/cluster/argo-cluster.ts";
import { serverRetentionSchema } from "../../app/config/retention-config.ts";
import { pruneRuns } from "../../app/prune/prune-runs.ts";
import { startTestKubeApi, type TestKubeApi } from "../support/kube-api/index.ts";

let api: TestKubeApi;
const defaults = serverRetentionSchema.parse({ keepLast: 1, maxAge: "7d" });

beforeEach(async () => {
  api = await startTestKubeApi();
  api.createNamespace("ml");
  for (let i = 0; i < 3; i++) put(`train-${i}`, i + 1);
});
afterEach(() => api.close());

function put(name: string, minutesAgo: number) {
  api.put({
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Workflow",
    metadata: {
      name,
      namespace: "ml",
      labels: {
        "app.kubernetes.io/managed-by": "coxswain",
        "coxswain.dev/repo": "acme.pipelines",
        "coxswain.dev/template": "train",
        "workflows.argoproj.io/completed": "true",
        "workflows.argoproj.io/phase": "Succeeded",
      },
    },
    spec: {},
    status: {
      phase: "Succeeded",
      finishedAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
    },
  });
}

const names = () =>
  (api.list("workflows", "ml") as Array<{ metadata: { name: string } }>)
    .map((r) => r.metadata.name)
    .sort();

describe("pruning when the API server misbehaves", () => {
  it("retries deletes answered 503 or 429 and still deletes what the policy says", async () => {
    api.injectFault({ method: "DELETE", status: 503, times: 2 });
    api.injectFault({ method: "DELETE", status: 429, retryAfterSeconds: 0, times: 1 });
    const result = await pruneRuns(argoClusterFor(api.kubeConfig()), defaults, { dryRun: false });
    expect(result.deleted).toBe(2);
    expect(names()).toEqual(["train-0"]);
  });

  it("leaves alone a run re-created under the same name after it was listed", async () => {
    const cluster = argoClusterFor(api.kubeConfig());
    const remove = cluster.delete.bind(cluster);
    cluster.delete = async (kind, namespace, name, propagation, uid) => {
      if (name === "train-2") {
        api.delete("workflows", "ml", "train-2");
        put("train-2", 0); // someone started a new run with this name meanwhile
      }
      return remove(kind, namespace, name, propagation, uid);
    };
    const result = await pruneRuns(cluster, defaults, { dryRun: false });
    expect(result).toMatchObject({ deleted: 1, skipped: 1 });
    expect(names()).toEqual(["train-0", "train-2"]);
  });
});
