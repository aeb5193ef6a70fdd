import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { argoClusterFor } from "../../app/cluster/argo-cluster.ts";
import type { ArgoObject } from "../../app/cluster/argo-kinds.ts";
import { KubeApiError } from "../../app/cluster/kube-api-error.ts";
import type { Change } from "../../app/definitions/plan-changes.ts";
import { applyChanges } from "../../app/sync/apply-changes.ts";
import { startTestKubeApi, type TestKubeApi } from "../support/kube-api/index.ts";

const namespace = "ml";
const templatesPath = `/apis/argoproj.io/v1alpha1/namespaces/${namespace}/workflowtemplates`;
let api: TestKubeApi;

beforeEach(async () => {
  api = await startTestKubeApi();
  api.createNamespace(namespace);
});
afterEach(async () => {
  await api.close();
});

function creates(count: number): Change[] {
  return Array.from({ length: count }, (_, i) => {
    const desired: ArgoObject = {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "WorkflowTemplate",
      metadata: { name: `pipeline-${i}`, namespace },
      spec: { entrypoint: "main", templates: [{ name: "main", container: { image: "python" } }] },
    };
    return { action: "create", kind: "WorkflowTemplate", name: `pipeline-${i}`, desired };
  });
}

const patches = () =>
  api.requests.filter(
    (request) => request.method === "PATCH" && request.path.startsWith(templatesPath),
  );

describe("applying a plan when the server answers 429 Too Many Requests", () => {
  it("tries the refused writes again and applies every object", async () => {
    api.injectFault({
      method: "PATCH",
      pathPrefix: templatesPath,
      status: 429,
      times: 5,
      retryAfterSeconds: 0,
    });
    await applyChanges(argoClusterFor(api.kubeConfig()), namespace, creates(20));
    expect(api.list("workflowtemplates", namespace)).toHaveLength(20);
    expect(patches().filter((request) => request.status === 429)).toHaveLength(5);
    expect(patches().filter((request) => request.status < 300)).toHaveLength(20);
  });

  it("waits as long as the server's Retry-After asks before writing again", async () => {
    api.injectFault({
      method: "PATCH",
      pathPrefix: templatesPath,
      status: 429,
      times: 1,
      retryAfterSeconds: 1,
    });
    const started = performance.now();
    await applyChanges(argoClusterFor(api.kubeConfig()), namespace, creates(3));
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(api.list("workflowtemplates", namespace)).toHaveLength(3);
  });

  it("fails the sync with the server's answer when a write is refused six times", async () => {
    api.injectFault({
      method: "PATCH",
      pathPrefix: templatesPath,
      status: 429,
      times: 6,
      retryAfterSeconds: 0,
    });
    const applying = applyChanges(argoClusterFor(api.kubeConfig()), namespace, creates(1));
    await expect(applying).rejects.toBeInstanceOf(KubeApiError);
    await expect(applying).rejects.toMatchObject({ code: 429, reason: "TooManyRequests" });
    expect(patches()).toHaveLength(6);
  });

  it("does not try again a write refused for another reason", async () => {
    api.injectFault({ method: "PATCH", pathPrefix: templatesPath, status: 500, times: 1 });
    await expect(
      applyChanges(argoClusterFor(api.kubeConfig()), namespace, creates(1)),
    ).rejects.toMatchObject({ code: 500 });
    expect(patches()).toHaveLength(1);
  });
});
