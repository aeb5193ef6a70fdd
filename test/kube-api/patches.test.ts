// How to drive patches from client-node 2.x: its generated patch* methods send
// `Content-Type: application/json-patch+json` unless told otherwise. Pass the content type as a
// per-call option: `setHeaderOptions("Content-Type", PatchStrategy.MergePatch)` (RFC 7386) or
// `PatchStrategy.ServerSideApply` (application/apply-patch+yaml; the JSON body client-node
// serialises is valid YAML) together with `fieldManager` (and `force: true` to take fields over).
// `PatchStrategy.StrategicMergePatch` is refused with 415 on custom resources.
import { CustomObjectsApi, PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestKubeApi, type TestKubeApi } from "../support/kube-api/index.ts";
import { ARGO, type ArgoObject, failureOf, workflow } from "./helpers.ts";

const merge = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);
const applyPatch = setHeaderOptions("Content-Type", PatchStrategy.ServerSideApply);

describe("patching custom objects through client-node", () => {
  let api: TestKubeApi;
  let custom: CustomObjectsApi;
  const wfs = { ...ARGO, namespace: "default", plural: "workflows" };

  beforeAll(async () => {
    api = await startTestKubeApi();
    custom = api.kubeConfig().makeApiClient(CustomObjectsApi);
  });
  afterAll(() => api.close());

  const create = (name: string, labels: Record<string, string> = {}) =>
    custom.createNamespacedCustomObject({
      ...wfs,
      body: workflow(name, labels),
    }) as Promise<ArgoObject>;
  const applyAs = (
    manager: string,
    name: string,
    body: object,
    extra: { force?: boolean; dryRun?: string } = {},
  ) =>
    custom.patchNamespacedCustomObject(
      { ...wfs, name, body, fieldManager: manager, ...extra },
      applyPatch,
    ) as Promise<ArgoObject>;

  it("sends a JSON patch by default", async () => {
    await create("jp-default");
    const patched = (await custom.patchNamespacedCustomObject({
      ...wfs,
      name: "jp-default",
      body: [{ op: "add", path: "/metadata/labels/jp", value: "z" }],
    })) as ArgoObject;
    expect(patched.metadata.labels).toEqual({ jp: "z" });
    expect(api.requests.at(-1)).toMatchObject({
      method: "PATCH",
      contentType: "application/json-patch+json",
      status: 200,
    });
  });

  it("answers 400 when a merge-patch body is sent with the default JSON-patch content type", async () => {
    await create("jp-object");
    const failure = await failureOf(
      custom.patchNamespacedCustomObject({ ...wfs, name: "jp-object", body: { metadata: {} } }),
    );
    expect(failure).toMatchObject({ code: 400, status: { reason: "BadRequest" } });
  });

  it("answers 422 when a JSON patch test operation fails, and changes nothing", async () => {
    const created = await create("jp-test", { phase: "a" });
    const body = [
      { op: "test", path: "/metadata/labels/phase", value: "b" },
      { op: "replace", path: "/metadata/labels/phase", value: "c" },
    ];
    const failure = await failureOf(
      custom.patchNamespacedCustomObject({ ...wfs, name: "jp-test", body }),
    );
    expect(failure).toMatchObject({
      code: 422,
      status: {
        reason: "Invalid",
        message: "the server rejected our request due to an error in our request",
      },
    });
    expect(api.get("workflows", "default", "jp-test")?.metadata).toMatchObject({
      resourceVersion: created.metadata.resourceVersion,
    });
  });

  it("deletes a key with null in a merge patch", async () => {
    await create("mp-null", { keep: "1", drop: "2" });
    const patched = (await custom.patchNamespacedCustomObject(
      { ...wfs, name: "mp-null", body: { metadata: { labels: { drop: null, added: "3" } } } },
      merge,
    )) as ArgoObject;
    expect(patched.metadata.labels).toEqual({ keep: "1", added: "3" });
  });

  it("bumps generation when a merge patch writes status (no status subresource on Argo's CRDs)", async () => {
    await create("mp-status");
    const patched = (await custom.patchNamespacedCustomObject(
      { ...wfs, name: "mp-status", body: { status: { phase: "Running" } } },
      merge,
    )) as ArgoObject;
    expect(patched.status).toEqual({ phase: "Running" });
    expect(patched.metadata.generation).toBe(2);
  });

  it("refuses a merge patch carrying a stale resourceVersion with 409", async () => {
    const created = await create("mp-stale");
    await custom.patchNamespacedCustomObject(
      { ...wfs, name: "mp-stale", body: { metadata: { labels: { a: "1" } } } },
      merge,
    );
    const body = {
      metadata: { resourceVersion: created.metadata.resourceVersion, labels: { a: "2" } },
    };
    const failure = await failureOf(
      custom.patchNamespacedCustomObject({ ...wfs, name: "mp-stale", body }, merge),
    );
    expect(failure).toMatchObject({ code: 409, status: { reason: "Conflict" } });
  });

  it("refuses a strategic merge patch on a custom resource with 415", async () => {
    await create("smp");
    const options = setHeaderOptions("Content-Type", PatchStrategy.StrategicMergePatch);
    const failure = await failureOf(
      custom.patchNamespacedCustomObject({ ...wfs, name: "smp", body: { metadata: {} } }, options),
    );
    expect(failure).toMatchObject({ code: 415, status: { reason: "UnsupportedMediaType" } });
  });

  it("changes nothing on a dry-run merge patch", async () => {
    const created = await create("mp-dry");
    const patched = (await custom.patchNamespacedCustomObject(
      { ...wfs, name: "mp-dry", body: { metadata: { labels: { dry: "yes" } } }, dryRun: "All" },
      merge,
    )) as ArgoObject;
    expect(patched.metadata.labels).toEqual({ dry: "yes" });
    expect(api.get("workflows", "default", "mp-dry")?.metadata).toMatchObject({
      labels: {},
      resourceVersion: created.metadata.resourceVersion,
    });
  });

  describe("server-side apply", () => {
    it("creates the object with 201 and an Apply entry for the manager", async () => {
      const created = await applyAs("coxswain", "ssa-create", workflow("ssa-create", { app: "a" }));
      expect(created.metadata.managedFields).toEqual([
        expect.objectContaining({
          manager: "coxswain",
          operation: "Apply",
          fieldsType: "FieldsV1",
          fieldsV1: {
            "f:metadata": { "f:labels": { "f:app": {} } },
            "f:spec": { "f:entrypoint": {}, "f:templates": {} },
          },
        }),
      ]);
      expect(api.requests.at(-1)).toMatchObject({
        contentType: "application/apply-patch+yaml",
        status: 201,
      });
    });

    it("answers an identical re-apply with 200 and the same resourceVersion", async () => {
      const first = await applyAs("coxswain", "ssa-noop", workflow("ssa-noop", { app: "a" }));
      const again = await applyAs("coxswain", "ssa-noop", workflow("ssa-noop", { app: "a" }));
      expect(api.requests.at(-1)?.status).toBe(200);
      expect(again.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
      expect(again.metadata.managedFields).toEqual(first.metadata.managedFields);
    });

    it("removes fields this manager applied before and no longer sends", async () => {
      await applyAs(
        "coxswain",
        "ssa-prune",
        workflow(
          "ssa-prune",
          { app: "a", old: "x" },
          { spec: { ...(workflow("").spec as object), onExit: "exit" } },
        ),
      );
      const pruned = await applyAs("coxswain", "ssa-prune", workflow("ssa-prune", { app: "a" }));
      expect(pruned.metadata.labels).toEqual({ app: "a" });
      expect(pruned.spec).not.toHaveProperty("onExit");
    });

    it("keeps a dropped field that another applier also owns", async () => {
      await applyAs("coxswain", "ssa-shared", workflow("ssa-shared", { app: "a", shared: "s" }));
      await applyAs("other", "ssa-shared", {
        apiVersion: "argoproj.io/v1alpha1",
        kind: "Workflow",
        metadata: { name: "ssa-shared", labels: { shared: "s" } },
      });
      const after = await applyAs("coxswain", "ssa-shared", workflow("ssa-shared", { app: "a" }));
      expect(after.metadata.labels).toEqual({ app: "a", shared: "s" });
    });

    it("answers 409 with FieldManagerConflict causes when another manager owns a changed field", async () => {
      await applyAs("ts-app", "ssa-conflict", workflow("ssa-conflict"));
      const changed = workflow(
        "ssa-conflict",
        {},
        { spec: { ...(workflow("").spec as object), entrypoint: "other" } },
      );
      const failure = await failureOf(applyAs("intruder", "ssa-conflict", changed));
      expect(failure).toEqual({
        code: 409,
        status: {
          kind: "Status",
          apiVersion: "v1",
          metadata: {},
          status: "Failure",
          message: 'Apply failed with 1 conflict: conflict with "ts-app": .spec.entrypoint',
          reason: "Conflict",
          details: {
            causes: [
              {
                reason: "FieldManagerConflict",
                message: 'conflict with "ts-app"',
                field: ".spec.entrypoint",
              },
            ],
          },
          code: 409,
        },
      });
    });

    it("names Update managers with their apiVersion in conflicts", async () => {
      await custom.createNamespacedCustomObject({
        ...wfs,
        body: workflow("ssa-vs-update"),
        fieldManager: "kubectl-create",
      });
      const changed = workflow(
        "ssa-vs-update",
        {},
        { spec: { ...(workflow("").spec as object), entrypoint: "x" } },
      );
      const failure = await failureOf(applyAs("coxswain", "ssa-vs-update", changed));
      expect(failure.status.message).toBe(
        'Apply failed with 1 conflict: conflict with "kubectl-create" using argoproj.io/v1alpha1: .spec.entrypoint',
      );
    });

    it("takes the field over with force=true", async () => {
      await applyAs("ts-app", "ssa-force", workflow("ssa-force"));
      const changed = workflow(
        "ssa-force",
        {},
        { spec: { ...(workflow("").spec as object), entrypoint: "other" } },
      );
      const forced = await applyAs("intruder", "ssa-force", changed, { force: true });
      expect(forced.spec?.entrypoint).toBe("other");
      expect(forced.metadata.generation).toBe(2);
      const owners = Object.fromEntries(
        (forced.metadata.managedFields ?? []).map((m) => [m.manager, m.fieldsV1]),
      );
      expect(owners.intruder).toMatchObject({ "f:spec": { "f:entrypoint": {} } });
      expect(owners["ts-app"]).toEqual({ "f:spec": { "f:templates": {} } });
    });

    it("answers 422 without a fieldManager", async () => {
      const failure = await failureOf(
        custom.patchNamespacedCustomObject(
          { ...wfs, name: "ssa-nomgr", body: workflow("ssa-nomgr") },
          applyPatch,
        ),
      );
      expect(failure).toMatchObject({
        code: 422,
        status: { reason: "Invalid", details: { kind: "PatchOptions", group: "meta.k8s.io" } },
      });
    });

    it("stores nothing on a dry-run apply", async () => {
      const answer = await applyAs("coxswain", "ssa-dry", workflow("ssa-dry"), { dryRun: "All" });
      expect(answer.metadata.resourceVersion).toBeUndefined();
      expect(api.get("workflows", "default", "ssa-dry")).toBeUndefined();
    });

    it("applies a YAML body sent as is", async () => {
      const yamlBody =
        "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  name: ssa-yaml\nspec:\n  entrypoint: main\n";
      const response = await fetch(
        `${api.url}/apis/argoproj.io/v1alpha1/namespaces/default/workflows/ssa-yaml?fieldManager=m`,
        {
          method: "PATCH",
          headers: { "content-type": "application/apply-patch+yaml" },
          body: yamlBody,
        },
      );
      expect(response.status).toBe(201);
      expect(api.get("workflows", "default", "ssa-yaml")?.spec).toEqual({ entrypoint: "main" });
    });
  });
});
