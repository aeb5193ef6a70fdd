import {
  CustomObjectsApi,
  type KubernetesListObject,
  makeInformer,
  PatchStrategy,
  setHeaderOptions,
  Watch,
} from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestKubeApi, type TestKubeApi } from "../support/kube-api/index.ts";
import { ARGO, type ArgoList, type ArgoObject, eventually, workflow } from "./helpers.ts";

interface Seen {
  type: string;
  object: ArgoObject & { code?: number; reason?: string; message?: string };
}

const merge = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);

describe("watches through client-node's Watch", () => {
  let api: TestKubeApi;
  let custom: CustomObjectsApi;
  let counter = 0;

  beforeAll(async () => {
    api = await startTestKubeApi({ bookmarkIntervalMs: 50 });
    custom = api.kubeConfig().makeApiClient(CustomObjectsApi);
  });
  afterAll(() => api.close());

  const freshNamespace = () => {
    const ns = `watch-${++counter}`;
    api.createNamespace(ns);
    return ns;
  };
  const wfApi = (ns: string) => ({ ...ARGO, namespace: ns, plural: "workflows" });

  /** Starts a watch and collects its events; `done` resolves when the stream ends. */
  async function watch(ns: string, query: Record<string, string | number | boolean>) {
    const events: Seen[] = [];
    let finish: (error: unknown) => void = () => {};
    const done = new Promise<unknown>((resolve) => {
      finish = resolve;
    });
    const controller = await new Watch(api.kubeConfig()).watch(
      `/apis/argoproj.io/v1alpha1/namespaces/${ns}/workflows`,
      query,
      (type, object) => events.push({ type, object: object as Seen["object"] }),
      (error) => finish(error ?? null),
    );
    const waitFor = (count: number) =>
      eventually(() => (events.length >= count ? events : undefined));
    return { events, done, controller, waitFor };
  }

  it("sends every change after the given resourceVersion", async () => {
    const ns = freshNamespace();
    await custom.createNamespacedCustomObject({ ...wfApi(ns), body: workflow("before") });
    const listed = (await custom.listNamespacedCustomObject(wfApi(ns))) as ArgoList;
    const w = await watch(ns, { resourceVersion: listed.metadata.resourceVersion });
    await custom.createNamespacedCustomObject({ ...wfApi(ns), body: workflow("after") });
    await custom.patchNamespacedCustomObject(
      { ...wfApi(ns), name: "after", body: { spec: { entrypoint: "x" } } },
      merge,
    );
    await custom.deleteNamespacedCustomObject({ ...wfApi(ns), name: "after" });
    const events = await w.waitFor(3);
    expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual([
      "ADDED after",
      "MODIFIED after",
      "DELETED after",
    ]);
    const rvs = events.map((e) => Number(e.object.metadata.resourceVersion));
    expect(rvs).toEqual([...rvs].sort((a, b) => a - b));
    expect(rvs[2]).toBe(Number(api.resourceVersion));
    w.controller.abort();
  });

  it("sends the current objects as ADDED first when started without a resourceVersion", async () => {
    const ns = freshNamespace();
    await custom.createNamespacedCustomObject({ ...wfApi(ns), body: workflow("b-existing") });
    await custom.createNamespacedCustomObject({ ...wfApi(ns), body: workflow("a-existing") });
    const w = await watch(ns, {});
    await w.waitFor(2);
    await custom.createNamespacedCustomObject({ ...wfApi(ns), body: workflow("c-new") });
    const events = await w.waitFor(3);
    expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual([
      "ADDED a-existing",
      "ADDED b-existing",
      "ADDED c-new",
    ]);
    w.controller.abort();
  });

  it("sends one 410 ERROR event and ends when the resourceVersion is too old", async () => {
    const ns = freshNamespace();
    const old = api.resourceVersion;
    await custom.createNamespacedCustomObject({ ...wfApi(ns), body: workflow("x") });
    api.compact();
    const w = await watch(ns, { resourceVersion: old });
    expect(await w.done).toBeNull();
    expect(w.events).toEqual([
      {
        type: "ERROR",
        object: {
          kind: "Status",
          apiVersion: "v1",
          metadata: {},
          status: "Failure",
          message: `too old resource version: ${old} (${api.resourceVersion})`,
          reason: "Expired",
          code: 410,
        },
      },
    ]);
  });

  it("turns a relabel out of the selector into DELETED with the old labels at the new resourceVersion", async () => {
    const ns = freshNamespace();
    const w = await watch(ns, {
      labelSelector: "app=ts-probe",
      resourceVersion: api.resourceVersion,
      allowWatchBookmarks: false,
    });
    await custom.createNamespacedCustomObject({
      ...wfApi(ns),
      body: workflow("probe-watched", { app: "ts-probe" }),
    });
    await custom.patchNamespacedCustomObject(
      { ...wfApi(ns), name: "probe-watched", body: { status: { phase: "Succeeded" } } },
      merge,
    );
    await custom.patchNamespacedCustomObject(
      { ...wfApi(ns), name: "probe-watched", body: { metadata: { labels: { app: "gone" } } } },
      merge,
    );
    const relabelRv = api.resourceVersion;
    await custom.deleteNamespacedCustomObject({ ...wfApi(ns), name: "probe-watched" });
    await custom.createNamespacedCustomObject({
      ...wfApi(ns),
      body: workflow("probe-late", { app: "other" }),
    });
    await custom.patchNamespacedCustomObject(
      { ...wfApi(ns), name: "probe-late", body: { metadata: { labels: { app: "ts-probe" } } } },
      merge,
    );
    const events = await w.waitFor(4);
    expect(
      events.map((e) => [
        e.type,
        e.object.metadata.name,
        e.object.metadata.labels,
        e.object.status?.phase ?? null,
      ]),
    ).toEqual([
      ["ADDED", "probe-watched", { app: "ts-probe" }, null],
      ["MODIFIED", "probe-watched", { app: "ts-probe" }, "Succeeded"],
      ["DELETED", "probe-watched", { app: "ts-probe" }, "Succeeded"],
      ["ADDED", "probe-late", { app: "ts-probe" }, null],
    ]);
    expect(events[2]?.object.metadata.resourceVersion).toBe(relabelRv);
    w.controller.abort();
  });

  it("sends BOOKMARK events with the current resourceVersion when allowed", async () => {
    const ns = freshNamespace();
    const w = await watch(ns, { allowWatchBookmarks: true, resourceVersion: api.resourceVersion });
    const events = await w.waitFor(1);
    expect(events[0]).toEqual({
      type: "BOOKMARK",
      object: {
        kind: "Workflow",
        apiVersion: "argoproj.io/v1alpha1",
        metadata: { resourceVersion: api.resourceVersion },
      },
    });
    w.controller.abort();
  });

  it("ends the stream after timeoutSeconds", async () => {
    const ns = freshNamespace();
    const started = Date.now();
    const w = await watch(ns, { timeoutSeconds: 1, resourceVersion: api.resourceVersion });
    expect(await w.done).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    await eventually(() => (api.openWatches === 0 ? true : undefined));
  });

  it("reports a dropped connection to the client and frees the watcher", async () => {
    const ns = freshNamespace();
    const w = await watch(ns, { resourceVersion: api.resourceVersion });
    await eventually(() => (api.openWatches > 0 ? true : undefined));
    api.dropWatches();
    await w.done;
    expect(api.openWatches).toBe(0);
  });

  it("frees the watcher when the client goes away", async () => {
    const ns = freshNamespace();
    const w = await watch(ns, { resourceVersion: api.resourceVersion });
    await eventually(() => (api.openWatches === 1 ? true : undefined));
    w.controller.abort();
    await eventually(() => (api.openWatches === 0 ? true : undefined));
  });

  it("feeds a client-node informer: list, then watch from the list's resourceVersion", async () => {
    const ns = freshNamespace();
    await custom.createNamespacedCustomObject({ ...wfApi(ns), body: workflow("listed") });
    const path = `/apis/argoproj.io/v1alpha1/namespaces/${ns}/workflows`;
    const listFn = () =>
      custom.listNamespacedCustomObject(wfApi(ns)) as Promise<KubernetesListObject<ArgoObject>>;
    const informer = makeInformer(api.kubeConfig(), path, listFn);
    const added: string[] = [];
    informer.on("add", (object) => added.push(object.metadata.name));
    await informer.start();
    await custom.createNamespacedCustomObject({ ...wfApi(ns), body: workflow("watched") });
    await eventually(() => (added.length >= 2 ? added : undefined));
    expect(added).toEqual(["listed", "watched"]);
    await informer.stop();
  });
});
