import { CoreV1Api, CustomObjectsApi, type V1Pod } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestKubeApi, type TestKubeApi } from "../support/kube-api/index.ts";
import { ARGO, type ArgoList, type ArgoObject, failureOf, workflow } from "./helpers.ts";

describe("deletes, propagation policies and garbage collection", () => {
  let api: TestKubeApi;
  let custom: CustomObjectsApi;
  let core: CoreV1Api;
  const ns = "deletes";
  const wfs = { ...ARGO, namespace: ns, plural: "workflows" };

  beforeAll(async () => {
    api = await startTestKubeApi();
    api.createNamespace(ns);
    custom = api.kubeConfig().makeApiClient(CustomObjectsApi);
    core = api.kubeConfig().makeApiClient(CoreV1Api);
  });
  afterAll(() => api.close());

  /** A Workflow and two pods it owns, the way the Argo controller creates them. */
  async function workflowWithPods(name: string) {
    const owner = (await custom.createNamespacedCustomObject({
      ...wfs,
      body: workflow(name),
    })) as ArgoObject;
    const ownerReferences = [
      {
        apiVersion: "argoproj.io/v1alpha1",
        kind: "Workflow",
        name,
        uid: owner.metadata.uid ?? "",
        controller: true,
        blockOwnerDeletion: true,
      },
    ];
    for (const step of ["a", "b"]) {
      const pod: V1Pod = {
        metadata: {
          name: `${name}-${step}`,
          labels: { "workflows.argoproj.io/workflow": name },
          ownerReferences,
        },
        spec: { containers: [{ name: "main", image: "busybox" }] },
      };
      await core.createNamespacedPod({ namespace: ns, body: pod });
    }
    return owner;
  }
  const podNames = (owner: string) =>
    api
      .list("pods", ns)
      .map((p) => (p.metadata as { name: string }).name)
      .filter((n) => n.startsWith(owner));

  it("answers a background delete with Status Success, removes the object at once and its pods after", async () => {
    const owner = await workflowWithPods("wf-bg");
    const status = await custom.deleteNamespacedCustomObject({
      ...wfs,
      name: "wf-bg",
      propagationPolicy: "Background",
    });
    expect(status).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Success",
      details: { name: "wf-bg", group: "argoproj.io", kind: "workflows", uid: owner.metadata.uid },
    });
    expect(api.get("workflows", ns, "wf-bg")).toBeUndefined();
    await api.settle();
    expect(podNames("wf-bg")).toEqual([]);
  });

  it("deletes in the background when no policy is given", async () => {
    await workflowWithPods("wf-default");
    await custom.deleteNamespacedCustomObject({ ...wfs, name: "wf-default" });
    await api.settle();
    expect(podNames("wf-default")).toEqual([]);
  });

  it("answers a foreground delete with the object marked for deletion, then removes pods and owner", async () => {
    await workflowWithPods("wf-fg");
    const marked = (await custom.deleteNamespacedCustomObject({
      ...wfs,
      name: "wf-fg",
      propagationPolicy: "Foreground",
    })) as ArgoObject;
    expect(marked.metadata.finalizers).toEqual(["foregroundDeletion"]);
    expect(marked.metadata.deletionTimestamp).toBeDefined();
    expect(marked.metadata.generation).toBe(2);
    await api.settle();
    expect(podNames("wf-fg")).toEqual([]);
    expect(api.get("workflows", ns, "wf-fg")).toBeUndefined();
  });

  it("answers an orphan delete with the orphan finalizer and strips the pods' owner reference", async () => {
    await workflowWithPods("wf-orphan");
    const marked = (await custom.deleteNamespacedCustomObject({
      ...wfs,
      name: "wf-orphan",
      propagationPolicy: "Orphan",
    })) as ArgoObject;
    expect(marked.metadata.finalizers).toEqual(["orphan"]);
    await api.settle();
    expect(api.get("workflows", ns, "wf-orphan")).toBeUndefined();
    const pods = api
      .list("pods", ns)
      .filter((p) => (p.metadata as { name: string }).name.startsWith("wf-orphan"));
    expect(pods).toHaveLength(2);
    for (const pod of pods) expect(pod.metadata).not.toHaveProperty("ownerReferences");
  });

  it("takes the policy from a DeleteOptions body", async () => {
    await workflowWithPods("wf-body");
    const marked = (await custom.deleteNamespacedCustomObject({
      ...wfs,
      name: "wf-body",
      body: { kind: "DeleteOptions", apiVersion: "v1", propagationPolicy: "Orphan" },
    })) as ArgoObject;
    expect(marked.metadata.finalizers).toEqual(["orphan"]);
    await api.settle();
  });

  it("keeps an object with its own finalizer until the finalizer is removed", async () => {
    await custom.createNamespacedCustomObject({
      ...wfs,
      body: workflow(
        "wf-final",
        {},
        { metadata: { name: "wf-final", finalizers: ["example.com/hold"] } },
      ),
    });
    await custom.deleteNamespacedCustomObject({ ...wfs, name: "wf-final" });
    await api.settle();
    const held = api.get("workflows", ns, "wf-final");
    expect(held?.metadata).toHaveProperty("deletionTimestamp");
    api.patch("workflows", ns, "wf-final", { metadata: { finalizers: null } });
    expect(api.get("workflows", ns, "wf-final")).toBeUndefined();
  });

  it("answers 404 for a missing object, 422 for an unknown policy and 409 for a wrong uid precondition", async () => {
    expect(
      await failureOf(custom.deleteNamespacedCustomObject({ ...wfs, name: "nope" })),
    ).toMatchObject({ code: 404 });
    await custom.createNamespacedCustomObject({ ...wfs, body: workflow("wf-bad-delete") });
    expect(
      await failureOf(
        custom.deleteNamespacedCustomObject({
          ...wfs,
          name: "wf-bad-delete",
          propagationPolicy: "Sideways",
        }),
      ),
    ).toMatchObject({
      code: 422,
      status: { reason: "Invalid", details: { kind: "DeleteOptions" } },
    });
    const precondition = await failureOf(
      custom.deleteNamespacedCustomObject({
        ...wfs,
        name: "wf-bad-delete",
        body: { preconditions: { uid: "00000000-0000-0000-0000-000000000000" } },
      }),
    );
    expect(precondition).toMatchObject({
      code: 409,
      status: { reason: "Conflict", details: { kind: "Workflow" } },
    });
    expect(api.get("workflows", ns, "wf-bad-delete")).toBeDefined();
  });

  it("changes nothing on a dry-run delete", async () => {
    await workflowWithPods("wf-dry");
    const answer = await custom.deleteNamespacedCustomObject({
      ...wfs,
      name: "wf-dry",
      dryRun: "All",
    });
    expect(answer).toMatchObject({ status: "Success" });
    await api.settle();
    expect(api.get("workflows", ns, "wf-dry")).toBeDefined();
    expect(podNames("wf-dry")).toHaveLength(2);
  });

  it("deletes a collection by label selector and answers the list of what it deleted", async () => {
    for (const n of ["old-1", "old-2"])
      await custom.createNamespacedCustomObject({ ...wfs, body: workflow(n, { prune: "yes" }) });
    await custom.createNamespacedCustomObject({ ...wfs, body: workflow("young", { prune: "no" }) });
    const deleted = (await custom.deleteCollectionNamespacedCustomObject({
      ...wfs,
      labelSelector: "prune=yes",
    })) as ArgoList & { kind: string };
    expect(deleted.kind).toBe("WorkflowList");
    expect(deleted.items.map((i) => i.metadata.name)).toEqual(["old-1", "old-2"]);
    expect(api.list("workflows", ns).map((w) => (w.metadata as { name: string }).name)).toContain(
      "young",
    );
    expect(api.get("workflows", ns, "old-1")).toBeUndefined();
  });

  it("answers a pod delete with the pod itself", async () => {
    await core.createNamespacedPod({
      namespace: ns,
      body: {
        metadata: { name: "lonely" },
        spec: { containers: [{ name: "main", image: "busybox" }] },
      },
    });
    const deleted = await core.deleteNamespacedPod({ namespace: ns, name: "lonely" });
    expect(deleted.metadata?.name).toBe("lonely");
    expect(api.get("pods", ns, "lonely")).toBeUndefined();
  });

  it("terminates a namespace with everything in it, refusing new content meanwhile", async () => {
    const slow = await startTestKubeApi({ gcDelayMs: 200 });
    try {
      slow.createNamespace("doomed");
      const slowCustom = slow.kubeConfig().makeApiClient(CustomObjectsApi);
      await slowCustom.createNamespacedCustomObject({
        ...wfs,
        namespace: "doomed",
        body: workflow("inside"),
      });
      const answer = await slow
        .kubeConfig()
        .makeApiClient(CoreV1Api)
        .deleteNamespace({ name: "doomed" });
      expect(answer).toMatchObject({ status: { phase: "Terminating" } });
      const refused = await failureOf(
        slowCustom.createNamespacedCustomObject({
          ...wfs,
          namespace: "doomed",
          body: workflow("late"),
        }),
      );
      expect(refused).toMatchObject({ code: 403, status: { reason: "Forbidden" } });
      await slow.settle();
      expect(slow.get("namespaces", undefined, "doomed")).toBeUndefined();
      expect(slow.get("workflows", "doomed", "inside")).toBeUndefined();
    } finally {
      await slow.close();
    }
  });
});
