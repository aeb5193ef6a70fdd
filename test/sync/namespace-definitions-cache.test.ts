import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ArgoCluster, argoClusterFor } from "../../app/cluster/argo-cluster.ts";
import type { ArgoObject } from "../../app/cluster/argo-kinds.ts";
import { NamespaceDefinitionsCache } from "../../app/sync/namespace-definitions-cache.ts";
import { startTestKubeApi, type TestKubeApi } from "../support/kube-api/index.ts";
import { type LaggingWatch, laggingWatch } from "../support/lagging-watch.ts";

const namespace = "ml";
let api: TestKubeApi;
let lagging: LaggingWatch;
let cluster: ArgoCluster;
let cache: NamespaceDefinitionsCache | undefined;

beforeEach(async () => {
  api = await startTestKubeApi();
  api.createNamespace(namespace);
  api.createNamespace("ml-2");
  api.createNamespace("ml-3");
  lagging = laggingWatch(argoClusterFor(api.kubeConfig()));
  cluster = lagging.cluster;
});
afterEach(async () => {
  cache?.close();
  cache = undefined;
  await api.close();
});

function template(name: string, image = "python:3.12"): ArgoObject {
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "WorkflowTemplate",
    metadata: { name, namespace },
    spec: { entrypoint: "main", templates: [{ name: "main", container: { image } }] },
  };
}

const lists = () => api.requests.filter((request) => request.method === "GET" && !request.watch);

const imageIn = (objects: ArgoObject[], name: string) =>
  (
    objects.find((object) => object.metadata.name === name)?.spec as {
      templates: { container: { image: string } }[];
    }
  )?.templates[0]?.container.image;

async function until(what: string, condition: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("the watched copy of a namespace's definitions", () => {
  it("lists a namespace on its first read, then answers from its watch without listing", async () => {
    await cluster.apply("WorkflowTemplate", namespace, template("train"));
    cache = new NamespaceDefinitionsCache(cluster);
    const first = await cache.read(namespace);
    expect(first.watched).toBe(false);
    expect(first.objects.map((object) => object.metadata.name)).toEqual(["train"]);
    expect(lists().map((request) => request.path)).toEqual([
      `/apis/argoproj.io/v1alpha1/namespaces/${namespace}/workflowtemplates`,
      `/apis/argoproj.io/v1alpha1/namespaces/${namespace}/cronworkflows`,
    ]);
    api.resetRequestLog();
    // Someone else's change and a new object reach the copy through the watch.
    api.patch(
      "workflowtemplates",
      namespace,
      "train",
      { spec: { entrypoint: "other" } },
      "kubectl",
    );
    await cluster.apply("WorkflowTemplate", namespace, template("eval"));
    await until("both changes", async () => (await cache?.read(namespace))?.objects.length === 2);
    const later = await cache.read(namespace);
    expect(later.watched).toBe(true);
    expect(later.objects.find((object) => object.metadata.name === "train")?.spec).toMatchObject({
      entrypoint: "other",
    });
    expect(later.objects.every((object) => object.kind === "WorkflowTemplate")).toBe(true);
    expect(lists()).toEqual([]);
  });

  it("drops an object deleted in the cluster", async () => {
    await cluster.apply("WorkflowTemplate", namespace, template("train"));
    cache = new NamespaceDefinitionsCache(cluster);
    await cache.read(namespace);
    api.delete("workflowtemplates", namespace, "train");
    await until("the delete", async () => (await cache?.read(namespace))?.objects.length === 0);
  });

  it("keeps a write's answer over an older event that arrives after it", async () => {
    await cluster.apply("WorkflowTemplate", namespace, template("train"));
    cache = new NamespaceDefinitionsCache(cluster);
    await cache.read(namespace);
    lagging.hold();
    // Someone else's change, whose event lags, then coxswain's write over it.
    await cluster.mergePatch(
      "WorkflowTemplate",
      namespace,
      "train",
      { spec: { templates: [{ name: "main", container: { image: "edited" } }] } },
      "kubectl-edit",
    );
    const written = await cluster.apply(
      "WorkflowTemplate",
      namespace,
      template("train", "python:3.13"),
      { force: true },
    );
    cache.wrote(namespace, "WorkflowTemplate", written);
    expect(imageIn((await cache.read(namespace)).objects, "train")).toBe("python:3.13");
    await until("both events", () => lagging.seen.length === 2);
    lagging.release();
    expect(imageIn((await cache.read(namespace)).objects, "train")).toBe("python:3.13");
  });

  it("never brings back an object coxswain deleted when the event of its last version comes late", async () => {
    await cluster.apply("WorkflowTemplate", namespace, template("train"));
    cache = new NamespaceDefinitionsCache(cluster);
    await cache.read(namespace);
    lagging.hold();
    const modified = await cluster.apply(
      "WorkflowTemplate",
      namespace,
      template("train", "python:3.13"),
      { force: true },
    );
    await cluster.delete("WorkflowTemplate", namespace, "train");
    cache.deleted(namespace, "WorkflowTemplate", modified);
    expect((await cache.read(namespace)).objects).toEqual([]);
    await until("both events", () => lagging.seen.length === 2);
    expect(lagging.seen.map((event) => event.type)).toEqual(["MODIFIED", "DELETED"]);
    // The MODIFIED event of the deleted version is delivered first, then the DELETED one.
    lagging.release();
    expect((await cache.read(namespace)).objects).toEqual([]);
  });

  it("lists again after its watch ends", async () => {
    await cluster.apply("WorkflowTemplate", namespace, template("train"));
    cache = new NamespaceDefinitionsCache(cluster);
    await cache.read(namespace);
    api.dropWatches();
    await until("the watches to end", () => lagging.open === 0 || cache?.namespaces.length === 0);
    await until("the namespace dropped", () => cache?.namespaces.length === 0);
    api.resetRequestLog();
    const again = await cache.read(namespace);
    expect(again.watched).toBe(false);
    expect(lists()).toHaveLength(2);
    await until("the new watches", () => api.openWatches === 2);
  });

  it("watches at most maxNamespaces namespaces, dropping the least recently read", async () => {
    cache = new NamespaceDefinitionsCache(cluster, { maxNamespaces: 2 });
    await cache.read(namespace);
    await cache.read("ml-2");
    await cache.read(namespace); // read again: now ml-2 is the least recently read
    await cache.read("ml-3");
    expect(cache.namespaces.sort()).toEqual([namespace, "ml-3"]);
    expect(lagging.open).toBe(4);
    await until("ml-2's watches closed on the server", () => api.openWatches === 4);
  });

  it("stops watching a namespace not read for idleMs", async () => {
    cache = new NamespaceDefinitionsCache(cluster, { idleMs: 100 });
    await cache.read(namespace);
    expect(lagging.open).toBe(2);
    await until("the idle namespace dropped", () => cache?.namespaces.length === 0);
    expect(lagging.open).toBe(0);
    await until("its watches closed on the server", () => api.openWatches === 0);
  });

  it("fails a read when the namespace cannot be listed, and lists again on the next", async () => {
    cache = new NamespaceDefinitionsCache(cluster);
    api.injectFault({
      method: "GET",
      pathPrefix: `/apis/argoproj.io/v1alpha1/namespaces/${namespace}/cronworkflows`,
      status: 500,
      times: 1,
    });
    await expect(cache.read(namespace)).rejects.toThrow();
    expect(cache.namespaces).toEqual([]);
    expect(lagging.open).toBe(0);
    const again = await cache.read(namespace);
    expect(again.watched).toBe(false);
    expect(cache.namespaces).toEqual([namespace]);
  });
});
