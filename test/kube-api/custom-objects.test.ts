import { CustomObjectsApi } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestKubeApi, type TestKubeApi } from "../support/kube-api/index.ts";
import {
  ARGO,
  type ArgoList,
  type ArgoObject,
  failureOf,
  workflow,
  workflowTemplate,
} from "./helpers.ts";

describe("custom objects through client-node's CustomObjectsApi", () => {
  let api: TestKubeApi;
  let custom: CustomObjectsApi;
  const ns = "crud";

  beforeAll(async () => {
    api = await startTestKubeApi({ token: "secret-token" });
    api.createNamespace(ns);
    custom = api.kubeConfig().makeApiClient(CustomObjectsApi);
  });
  afterAll(() => api.close());

  const wfs = { ...ARGO, namespace: ns, plural: "workflows" };

  it("creates a workflow with uid, resourceVersion, generation 1 and an Update manager from the User-Agent", async () => {
    const created = (await custom.createNamespacedCustomObject({
      ...wfs,
      body: workflow("wf-create", { app: "x" }),
    })) as ArgoObject;
    expect(created.metadata).toMatchObject({
      name: "wf-create",
      namespace: ns,
      generation: 1,
      labels: { app: "x" },
    });
    expect(created.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number(created.metadata.resourceVersion)).toBeGreaterThan(0);
    expect(created.metadata.managedFields).toEqual([
      expect.objectContaining({
        manager: "kubernetes-client-javascript",
        operation: "Update",
        fieldsType: "FieldsV1",
      }),
    ]);
    expect(api.get("workflows", ns, "wf-create")?.spec).toEqual(workflow("x").spec);
  });

  it("records the fieldManager query parameter as the manager of a create", async () => {
    const created = (await custom.createNamespacedCustomObject({
      ...wfs,
      body: workflow("wf-manager"),
      fieldManager: "coxswain",
    })) as ArgoObject;
    expect(created.metadata.managedFields?.map((m) => m.manager)).toEqual(["coxswain"]);
  });

  it("reads a workflow back and answers 404 NotFound for a missing one", async () => {
    await custom.createNamespacedCustomObject({ ...wfs, body: workflow("wf-read") });
    const read = (await custom.getNamespacedCustomObject({
      ...wfs,
      name: "wf-read",
    })) as ArgoObject;
    expect(read.metadata.name).toBe("wf-read");
    const missing = await failureOf(custom.getNamespacedCustomObject({ ...wfs, name: "nope" }));
    expect(missing).toMatchObject({
      code: 404,
      status: { reason: "NotFound", details: { name: "nope", kind: "workflows" } },
    });
  });

  it("answers 409 AlreadyExists for a second create of the same name", async () => {
    await custom.createNamespacedCustomObject({ ...wfs, body: workflow("wf-twice") });
    const again = await failureOf(
      custom.createNamespacedCustomObject({ ...wfs, body: workflow("wf-twice") }),
    );
    expect(again).toMatchObject({
      code: 409,
      status: {
        reason: "AlreadyExists",
        message: 'workflows.argoproj.io "wf-twice" already exists',
      },
    });
  });

  it("replaces with the current resourceVersion and refuses a stale one with 409 Conflict", async () => {
    const created = (await custom.createNamespacedCustomObject({
      ...wfs,
      body: workflow("wf-put"),
    })) as ArgoObject;
    const updated = (await custom.replaceNamespacedCustomObject({
      ...wfs,
      name: "wf-put",
      body: { ...created, metadata: { ...created.metadata, labels: { put: "1" } } },
    })) as ArgoObject;
    expect(updated.metadata.labels).toEqual({ put: "1" });
    expect(updated.metadata.generation).toBe(1);
    const stale = await failureOf(
      custom.replaceNamespacedCustomObject({
        ...wfs,
        name: "wf-put",
        body: { ...created, metadata: { ...created.metadata, labels: { put: "2" } } },
      }),
    );
    expect(stale).toMatchObject({ code: 409, status: { reason: "Conflict" } });
    expect(stale.status.message).toContain(
      "the object has been modified; please apply your changes to the latest version and try again",
    );
  });

  it("bumps generation when the spec changes and keeps it when only labels change", async () => {
    const created = (await custom.createNamespacedCustomObject({
      ...wfs,
      body: workflow("wf-gen"),
    })) as ArgoObject;
    const respec = (await custom.replaceNamespacedCustomObject({
      ...wfs,
      name: "wf-gen",
      body: { ...created, spec: { ...created.spec, entrypoint: "other" } },
    })) as ArgoObject;
    expect(respec.metadata.generation).toBe(2);
  });

  it("answers an unchanged PUT without a new resourceVersion", async () => {
    const created = (await custom.createNamespacedCustomObject({
      ...wfs,
      body: workflow("wf-noop"),
    })) as ArgoObject;
    const same = (await custom.replaceNamespacedCustomObject({
      ...wfs,
      name: "wf-noop",
      body: created,
    })) as ArgoObject;
    expect(same.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
  });

  it("lists by label selector in one namespace and across all namespaces", async () => {
    api.createNamespace("crud-other");
    await custom.createNamespacedCustomObject({
      ...wfs,
      body: workflow("wf-list-a", { team: "ml" }),
    });
    await custom.createNamespacedCustomObject({
      ...wfs,
      namespace: "crud-other",
      body: workflow("wf-list-b", { team: "ml" }),
    });
    const inNs = (await custom.listNamespacedCustomObject({
      ...wfs,
      labelSelector: "team=ml",
    })) as ArgoList;
    expect(inNs.items.map((i) => i.metadata.name)).toEqual(["wf-list-a"]);
    const everywhere = (await custom.listClusterCustomObject({
      ...ARGO,
      plural: "workflows",
      labelSelector: "team=ml",
    })) as ArgoList & {
      kind: string;
    };
    expect(everywhere.kind).toBe("WorkflowList");
    expect(everywhere.items.map((i) => `${i.metadata.namespace}/${i.metadata.name}`)).toEqual([
      "crud-other/wf-list-b",
      "crud/wf-list-a",
    ]);
  });

  it("serves cluster-scoped ClusterWorkflowTemplates", async () => {
    const body = { ...workflowTemplate("cluster-tmpl"), kind: "ClusterWorkflowTemplate" };
    const created = (await custom.createClusterCustomObject({
      ...ARGO,
      plural: "clusterworkflowtemplates",
      body,
    })) as ArgoObject;
    expect(created.metadata.namespace).toBeUndefined();
    const read = (await custom.getClusterCustomObject({
      ...ARGO,
      plural: "clusterworkflowtemplates",
      name: "cluster-tmpl",
    })) as ArgoObject;
    expect(read.kind).toBe("ClusterWorkflowTemplate");
  });

  it("keeps unknown fields when started with the minimal CRDs", async () => {
    const minimal = await startTestKubeApi({ crds: "minimal" });
    try {
      const client = minimal.kubeConfig().makeApiClient(CustomObjectsApi);
      const body = workflow("wf-keep", {}, { spec: { entrypoint: "main", bogusField: "x" } });
      const created = (await client.createNamespacedCustomObject({
        ...wfs,
        namespace: "default",
        body,
      })) as ArgoObject;
      expect(created.spec).toEqual({ entrypoint: "main", bogusField: "x" });
    } finally {
      await minimal.close();
    }
  });

  it("answers 500 for server-side apply of a field the schema does not declare, as v1.20 does", async () => {
    const response = await fetch(
      `${api.url}/apis/argoproj.io/v1alpha1/namespaces/${ns}/workflows/wf-typo?fieldManager=x`,
      {
        method: "PATCH",
        headers: {
          authorization: "Bearer secret-token",
          "content-type": "application/apply-patch+yaml",
        },
        body: "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {name: wf-typo}\nspec:\n  entrypoint: main\n  templates:\n  - name: main\n    contianer: {image: busybox}\n",
      },
    );
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({
      message:
        "failed to create typed patch object: .spec.templates[0].contianer: field not declared in schema",
      code: 500,
    });
  });
});
