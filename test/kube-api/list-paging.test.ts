import { CustomObjectsApi } from "@kubernetes/client-node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestKubeApi, type TestKubeApi } from "../support/kube-api/index.ts";
import { ARGO, type ArgoList, failureOf, workflow } from "./helpers.ts";

describe("lists with limit and continue", () => {
  let api: TestKubeApi;
  let custom: CustomObjectsApi;
  let ns: string;
  let counter = 0;

  beforeAll(async () => {
    api = await startTestKubeApi();
    custom = api.kubeConfig().makeApiClient(CustomObjectsApi);
  });
  beforeEach(() => {
    ns = `paging-${++counter}`;
    api.createNamespace(ns);
  });
  afterAll(() => api.close());

  const list = (
    query: {
      labelSelector?: string;
      limit?: number;
      _continue?: string;
      resourceVersion?: string;
      resourceVersionMatch?: string;
    } = {},
  ) =>
    custom.listNamespacedCustomObject({
      ...ARGO,
      namespace: ns,
      plural: "workflows",
      ...query,
    }) as Promise<ArgoList>;
  const seed = (names: string[], labels: Record<string, string> = {}) =>
    Promise.all(
      names.map((n) =>
        custom.createNamespacedCustomObject({
          ...ARGO,
          namespace: ns,
          plural: "workflows",
          body: workflow(n, labels),
        }),
      ),
    );
  const names = (page: ArgoList) => page.items.map((i) => i.metadata.name);

  it("returns at most limit items, a continue token and the remaining count", async () => {
    await seed(["a", "b", "c", "d", "e"]);
    const first = await list({ limit: 2 });
    expect(names(first)).toEqual(["a", "b"]);
    expect(first.metadata.remainingItemCount).toBe(3);
    const second = await list({ limit: 2, _continue: first.metadata.continue });
    expect(names(second)).toEqual(["c", "d"]);
    const last = await list({ limit: 2, _continue: second.metadata.continue });
    expect(names(last)).toEqual(["e"]);
    // A custom resource list carries an empty continue on its last page, like kube-apiserver's.
    expect(last.metadata.continue).toBe("");
    expect(last.metadata.remainingItemCount).toBeUndefined();
  });

  it("encodes continue tokens exactly like the real server", async () => {
    await seed(["probe-page-1", "probe-page-2", "probe-page-3"]);
    const first = await list({ limit: 2 });
    const decoded = JSON.parse(
      Buffer.from(first.metadata.continue ?? "", "base64url").toString("utf8"),
    ) as unknown;
    expect(decoded).toEqual({
      v: "meta.k8s.io/v1",
      rv: Number(first.metadata.resourceVersion),
      start: "probe-page-2\u0000",
    });
    // The recorded token for rv 261 (apiserver-recorded.md), byte for byte.
    const recorded = Buffer.from(
      JSON.stringify({ v: "meta.k8s.io/v1", rv: 261, start: "probe-page-2\u0000" }),
    ).toString("base64url");
    expect(recorded).toBe(
      "eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MjYxLCJzdGFydCI6InByb2JlLXBhZ2UtMlx1MDAwMCJ9",
    );
  });

  it("serves continued pages from the snapshot of the first page", async () => {
    await seed(["a", "b", "c", "d"]);
    const first = await list({ limit: 2 });
    await custom.deleteNamespacedCustomObject({
      ...ARGO,
      namespace: ns,
      plural: "workflows",
      name: "c",
    });
    await seed(["bb", "z"]);
    await custom.patchNamespacedCustomObject({
      ...ARGO,
      namespace: ns,
      plural: "workflows",
      name: "d",
      body: [{ op: "add", path: "/metadata/labels/changed", value: "yes" }],
    });
    const rest = await list({ limit: 10, _continue: first.metadata.continue });
    expect(names(rest)).toEqual(["c", "d"]);
    expect(rest.items[1]?.metadata.labels).toEqual({});
    expect(rest.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
    expect(names(await list())).toEqual(["a", "b", "bb", "d", "z"]);
  });

  it("may return short pages with a label selector; looping until continue is empty gets everything", async () => {
    await seed(["m1", "m3", "m5"], { pick: "yes" });
    await seed(["m2", "m4", "m6"], { pick: "no" });
    const seen: string[] = [];
    const pageSizes: number[] = [];
    let token: string | undefined;
    do {
      const page = await list({ labelSelector: "pick=yes", limit: 2, _continue: token });
      seen.push(...names(page));
      pageSizes.push(page.items.length);
      expect(page.metadata.remainingItemCount).toBeUndefined();
      token = page.metadata.continue;
    } while (token);
    expect(seen).toEqual(["m1", "m3", "m5"]);
    expect(pageSizes).toEqual([2, 1]);
  });

  it("can end on a page that still carries a token when the rest does not match", async () => {
    await seed(["a", "b"], { pick: "yes" });
    await seed(["c"], { pick: "no" });
    const first = await list({ labelSelector: "pick=yes", limit: 2 });
    expect(names(first)).toEqual(["a", "b"]);
    expect(first.metadata.continue).toBeDefined();
    const second = await list({
      labelSelector: "pick=yes",
      limit: 2,
      _continue: first.metadata.continue,
    });
    expect(names(second)).toEqual([]);
    expect(second.metadata.continue).toBe("");
  });

  it("answers 400 for a garbage continue token", async () => {
    const failure = await failureOf(list({ limit: 2, _continue: "garbage" }));
    expect(failure).toMatchObject({
      code: 400,
      status: {
        reason: "BadRequest",
        message:
          "invalid continue token: continue key is not valid: invalid character '\\u0081' looking for beginning of value",
      },
    });
  });

  it("answers 410 Expired after a compaction, with a token that continues from the latest state", async () => {
    await seed(["a", "b", "c"]);
    const first = await list({ limit: 2 });
    await seed(["d"]);
    api.compact();
    const failure = await failureOf(list({ limit: 2, _continue: first.metadata.continue }));
    expect(failure).toMatchObject({ code: 410, status: { reason: "Expired" } });
    const fresh = failure.status.metadata?.continue as string;
    expect(JSON.parse(Buffer.from(fresh, "base64url").toString())).toEqual({
      v: "meta.k8s.io/v1",
      rv: -1,
      start: "b\u0000",
    });
    const rest = await list({ limit: 5, _continue: fresh });
    expect(names(rest)).toEqual(["c", "d"]);
  });

  it("lists the state at an exact resourceVersion, and 410 once it is compacted", async () => {
    await seed(["a"]);
    const before = await list();
    await seed(["b"]);
    const exact = await list({
      resourceVersion: before.metadata.resourceVersion,
      resourceVersionMatch: "Exact",
    });
    expect(names(exact)).toEqual(["a"]);
    api.compact();
    const failure = await failureOf(
      list({ resourceVersion: before.metadata.resourceVersion, resourceVersionMatch: "Exact" }),
    );
    expect(failure).toMatchObject({
      code: 410,
      status: { message: "The resourceVersion for the provided list is too old." },
    });
  });

  it("forgets old snapshots once more changes than historyLimit happened", async () => {
    const small = await startTestKubeApi({ historyLimit: 3 });
    try {
      const client = small.kubeConfig().makeApiClient(CustomObjectsApi);
      const wf = { ...ARGO, namespace: "default", plural: "workflows" };
      for (const n of ["a", "b", "c"])
        await client.createNamespacedCustomObject({ ...wf, body: workflow(n) });
      const first = (await client.listNamespacedCustomObject({ ...wf, limit: 1 })) as ArgoList;
      for (const n of ["d", "e", "f", "g"])
        await client.createNamespacedCustomObject({ ...wf, body: workflow(n) });
      const failure = await failureOf(
        client.listNamespacedCustomObject({ ...wf, limit: 1, _continue: first.metadata.continue }),
      );
      expect(failure.code).toBe(410);
    } finally {
      await small.close();
    }
  });
});
