import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CustomObjectsApi, KubeConfig, KubernetesObjectApi } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestKubeApi, type TestKubeApi } from "../support/kube-api/index.ts";
import { ARGO, type ArgoList, failureOf, workflow } from "./helpers.ts";

describe("the test API harness", () => {
  let api: TestKubeApi;
  let custom: CustomObjectsApi;
  const wfs = { ...ARGO, namespace: "default", plural: "workflows" };

  beforeAll(async () => {
    api = await startTestKubeApi({ token: "good", users: { "viewer-token": "viewer" } });
    custom = api.kubeConfig().makeApiClient(CustomObjectsApi);
  });
  afterAll(() => api.close());

  it("answers 401 to a client with the wrong token", async () => {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: "c", server: api.url, skipTLSVerify: true }],
      users: [{ name: "u", token: "bad" }],
      contexts: [{ name: "x", cluster: "c", user: "u" }],
      currentContext: "x",
    });
    const failure = await failureOf(
      kc.makeApiClient(CustomObjectsApi).listNamespacedCustomObject(wfs),
    );
    expect(failure.code).toBe(401);
    const raw = await fetch(`${api.url}/api/v1/namespaces`, {
      headers: { authorization: "Bearer bad" },
    });
    expect(await raw.json()).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: "Unauthorized",
      reason: "Unauthorized",
      code: 401,
    });
  });

  it("answers 403 Forbidden where the authorizer says no", async () => {
    api.setAuthorizer(
      (access) => !(access.user === "viewer" && access.verb !== "get" && access.verb !== "list"),
    );
    try {
      const headers = { authorization: "Bearer viewer-token", "content-type": "application/json" };
      const list = await fetch(
        `${api.url}/apis/argoproj.io/v1alpha1/namespaces/default/workflows`,
        { headers },
      );
      expect(list.status).toBe(200);
      const create = await fetch(
        `${api.url}/apis/argoproj.io/v1alpha1/namespaces/default/workflows`,
        { method: "POST", headers, body: JSON.stringify(workflow("nope")) },
      );
      expect(await create.json()).toMatchObject({
        reason: "Forbidden",
        code: 403,
        message:
          'workflows.argoproj.io is forbidden: User "viewer" cannot create resource "workflows" in API group "argoproj.io" in the namespace "default"',
      });
    } finally {
      api.setAuthorizer(undefined);
    }
  });

  it("injects 429 TooManyRequests with Retry-After for the given number of requests", async () => {
    api.injectFault({
      method: "GET",
      pathPrefix: "/apis/argoproj.io",
      status: 429,
      times: 2,
      retryAfterSeconds: 3,
    });
    const headers = { authorization: "Bearer good" };
    const url = `${api.url}/apis/argoproj.io/v1alpha1/namespaces/default/workflows`;
    const first = await fetch(url, { headers });
    expect(first.status).toBe(429);
    expect(first.headers.get("retry-after")).toBe("3");
    expect(await first.json()).toMatchObject({
      reason: "TooManyRequests",
      details: { retryAfterSeconds: 3 },
      message: "Too many requests, please try again later.",
    });
    expect((await fetch(url, { headers })).status).toBe(429);
    expect((await fetch(url, { headers })).status).toBe(200);
  });

  it("injects 500 and 503 Status answers", async () => {
    api.injectFault({ status: 500 });
    api.injectFault({ status: 503, retryAfterSeconds: 1 });
    const first = await failureOf(custom.listNamespacedCustomObject(wfs));
    expect(first).toMatchObject({
      code: 500,
      status: { reason: "InternalError", message: "Internal error occurred: injected fault" },
    });
    const second = await failureOf(custom.listNamespacedCustomObject(wfs));
    expect(second).toMatchObject({ code: 503, status: { reason: "ServiceUnavailable" } });
    await custom.listNamespacedCustomObject(wfs);
  });

  it("logs every request for counting API calls", async () => {
    api.resetRequestLog();
    await custom.createNamespacedCustomObject({ ...wfs, body: workflow("logged") });
    await custom.getNamespacedCustomObject({ ...wfs, name: "logged" });
    await failureOf(custom.getNamespacedCustomObject({ ...wfs, name: "missing" }));
    expect(api.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      "POST /apis/argoproj.io/v1alpha1/namespaces/default/workflows 201",
      "GET /apis/argoproj.io/v1alpha1/namespaces/default/workflows/logged 200",
      "GET /apis/argoproj.io/v1alpha1/namespaces/default/workflows/missing 404",
    ]);
    expect(api.requests[0]?.contentType).toBe("application/json");
  });

  it("writes a kubeconfig file that client-node loads", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kube-api-"));
    try {
      const path = join(dir, "config");
      await api.writeKubeconfig(path, "default");
      const kc = new KubeConfig();
      kc.loadFromFile(path);
      const list = (await kc
        .makeApiClient(CustomObjectsApi)
        .listNamespacedCustomObject(wfs)) as ArgoList;
      expect(list.metadata.resourceVersion).toBe(api.resourceVersion);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("writes through the store helpers with the same rules, visible to clients", async () => {
    const stored = api.put(workflow("seeded", { seeded: "yes" }));
    expect(stored.metadata).toMatchObject({ generation: 1, namespace: "default" });
    api.patch(
      "workflows",
      "default",
      "seeded",
      { status: { phase: "Succeeded" } },
      "argo-controller",
    );
    const read = await custom.getNamespacedCustomObject({ ...wfs, name: "seeded" });
    expect(read).toMatchObject({ status: { phase: "Succeeded" }, metadata: { generation: 2 } });
    api.put({ ...workflow("seeded", { seeded: "again" }) });
    expect(api.get("Workflow", "default", "seeded")?.metadata).toMatchObject({
      labels: { seeded: "again" },
    });
    api.delete("workflows", "default", "seeded");
    expect(api.get("workflows", "default", "seeded")).toBeUndefined();
  });

  it("serves discovery so KubernetesObjectApi can read any resource", async () => {
    api.put(workflow("generic"));
    const generic = KubernetesObjectApi.makeApiClient(api.kubeConfig());
    const read = await generic.read({
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Workflow",
      metadata: { name: "generic", namespace: "default" },
    });
    expect(read.metadata?.name).toBe("generic");
  });

  it("answers unknown paths with a plain-text 404", async () => {
    const response = await fetch(`${api.url}/apis/example.com/v1/things`, {
      headers: { authorization: "Bearer good" },
    });
    expect(response.status).toBe(404);
    expect(await response.text()).toBe("404 page not found\n");
  });
});
