import { CoordinationV1Api, CoreV1Api, type V1Lease } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestKubeApi, type TestKubeApi } from "../support/kube-api/index.ts";
import { failureOf } from "./helpers.ts";

describe("core resources and leases through client-node", () => {
  let api: TestKubeApi;
  let core: CoreV1Api;
  let leases: CoordinationV1Api;
  const ns = "core";

  beforeAll(async () => {
    api = await startTestKubeApi({ token: "t" });
    api.createNamespace(ns);
    core = api.kubeConfig().makeApiClient(CoreV1Api);
    leases = api.kubeConfig().makeApiClient(CoordinationV1Api);
  });
  afterAll(() => api.close());

  describe("leases", () => {
    const lease = (name: string, holder: string): V1Lease => ({
      metadata: { name },
      spec: {
        holderIdentity: holder,
        leaseDurationSeconds: 15,
        acquireTime: new Date(),
        renewTime: new Date(),
        leaseTransitions: 0,
      },
    });

    it("lets exactly one of two replicas win an update from the same resourceVersion", async () => {
      const created = await leases.createNamespacedLease({
        namespace: ns,
        body: lease("leader", "replica-a"),
      });
      const takeOver = (holder: string) =>
        leases.replaceNamespacedLease({
          namespace: ns,
          name: "leader",
          body: {
            ...created,
            spec: { ...created.spec, holderIdentity: holder, leaseTransitions: 1 },
          },
        });
      const won = await takeOver("replica-b");
      expect(won.spec?.holderIdentity).toBe("replica-b");
      const lost = await failureOf(takeOver("replica-c"));
      expect(lost).toMatchObject({
        code: 409,
        status: {
          reason: "Conflict",
          message:
            'Operation cannot be fulfilled on leases.coordination.k8s.io "leader": the object has been modified; please apply your changes to the latest version and try again',
          details: { name: "leader", group: "coordination.k8s.io", kind: "leases" },
        },
      });
      const current = await leases.readNamespacedLease({ namespace: ns, name: "leader" });
      expect(current.spec?.holderIdentity).toBe("replica-b");
    });

    it("keeps microsecond times as sent", async () => {
      await leases.createNamespacedLease({ namespace: ns, body: lease("micro", "a") });
      const stored = api.get("leases", ns, "micro")?.spec as { renewTime: string };
      expect(stored.renewTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    });

    it("creates a lease on PUT when it does not exist yet", async () => {
      const created = await leases.replaceNamespacedLease({
        namespace: ns,
        name: "fresh",
        body: lease("fresh", "a"),
      });
      expect(created.metadata?.resourceVersion).toBeDefined();
    });
  });

  describe("pod logs", () => {
    const pod = async (name: string, containers = ["main"]) =>
      core.createNamespacedPod({
        namespace: ns,
        body: {
          metadata: { name },
          spec: { containers: containers.map((c) => ({ name: c, image: "busybox" })) },
        },
      });

    it("returns the text the test set, with tailLines", async () => {
      await pod("logs-a");
      api.setPodLog(ns, "logs-a", "step 1\nstep 2\nloss=0.12\n");
      expect(
        await core.readNamespacedPodLog({ namespace: ns, name: "logs-a", container: "main" }),
      ).toBe("step 1\nstep 2\nloss=0.12\n");
      expect(
        await core.readNamespacedPodLog({
          namespace: ns,
          name: "logs-a",
          container: "main",
          tailLines: 1,
        }),
      ).toBe("loss=0.12\n");
      expect(api.requests.at(-1)).toMatchObject({
        path: `/api/v1/namespaces/${ns}/pods/logs-a/log`,
        query: { container: "main", tailLines: "1" },
      });
    });

    it("answers 404 NotFound for a missing pod", async () => {
      const failure = await failureOf(
        core.readNamespacedPodLog({ namespace: ns, name: "ghost", container: "main" }),
      );
      expect(failure).toMatchObject({
        code: 404,
        status: {
          reason: "NotFound",
          message: 'pods "ghost" not found',
          details: { name: "ghost", kind: "pods" },
        },
      });
    });

    it("answers 400 while the container is waiting to start", async () => {
      await pod("logs-waiting");
      api.setPodWaiting(ns, "logs-waiting", true);
      const failure = await failureOf(
        core.readNamespacedPodLog({ namespace: ns, name: "logs-waiting", container: "main" }),
      );
      expect(failure).toMatchObject({
        code: 400,
        status: {
          reason: "BadRequest",
          message: 'container "main" in pod "logs-waiting" is waiting to start',
        },
      });
      api.setPodWaiting(ns, "logs-waiting", false);
      expect(
        await core.readNamespacedPodLog({ namespace: ns, name: "logs-waiting", container: "main" }),
      ).toBe("");
    });

    it("asks for a container name when the pod has several", async () => {
      await pod("logs-multi", ["main", "wait"]);
      const failure = await failureOf(
        core.readNamespacedPodLog({ namespace: ns, name: "logs-multi" }),
      );
      expect(failure.status.message).toBe(
        "a container name must be specified for pod logs-multi, choose one of: [main wait]",
      );
    });
  });

  it("lists pods of a workflow by label", async () => {
    for (const [name, wf] of [
      ["p1", "wf-a"],
      ["p2", "wf-b"],
      ["p3", "wf-a"],
    ]) {
      await core.createNamespacedPod({
        namespace: ns,
        body: {
          metadata: { name: name ?? "", labels: { "workflows.argoproj.io/workflow": wf ?? "" } },
          spec: { containers: [{ name: "main", image: "x" }] },
        },
      });
    }
    const pods = await core.listNamespacedPod({
      namespace: ns,
      labelSelector: "workflows.argoproj.io/workflow=wf-a",
    });
    expect(pods.items.map((p) => p.metadata?.name)).toEqual(["p1", "p3"]);
  });

  it("stores secret stringData as base64 data", async () => {
    await core.createNamespacedSecret({
      namespace: ns,
      body: { metadata: { name: "creds" }, stringData: { token: "s3cr3t" } },
    });
    const secret = await core.readNamespacedSecret({ namespace: ns, name: "creds" });
    expect(secret.data).toEqual({ token: Buffer.from("s3cr3t").toString("base64") });
    expect(secret.type).toBe("Opaque");
  });

  it("creates config maps without apiVersion/kind in the body, as built-in types allow", async () => {
    const created = await core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: "settings" }, data: { a: "1" } },
    });
    expect(created).toMatchObject({ apiVersion: "v1", kind: "ConfigMap", data: { a: "1" } });
    expect(created.metadata).not.toHaveProperty("generation");
  });

  it("lists the namespaces that exist at start and those the test created", async () => {
    const list = await core.listNamespace();
    expect(list.items.map((n) => n.metadata?.name)).toEqual(
      expect.arrayContaining(["default", "kube-system", ns]),
    );
    expect(list.items[0]?.status?.phase).toBe("Active");
  });
});
