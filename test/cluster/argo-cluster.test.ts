import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type ArgoCluster,
  argoClusterFor,
  type WatchEventType,
} from "../../app/cluster/argo-cluster.ts";
import type { ArgoObject } from "../../app/cluster/argo-kinds.ts";
import { KubeApiError } from "../../app/cluster/kube-api-error.ts";
import { loadKubeConfig } from "../../app/cluster/kube-config.ts";
import { startTestKubeApi, type TestKubeApi } from "../support/kube-api/index.ts";

let api: TestKubeApi;
let cluster: ArgoCluster;
let namespace: string;
let counter = 0;

beforeAll(async () => {
  api = await startTestKubeApi({ token: "admin-token" });
  cluster = argoClusterFor(api.kubeConfig());
});
afterAll(() => api.close());
beforeEach(() => {
  namespace = `ns-${++counter}`;
  api.createNamespace(namespace);
});

function template(name: string, labels: Record<string, string> = {}, image = "alpine"): ArgoObject {
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "WorkflowTemplate",
    metadata: { name, labels },
    spec: { entrypoint: "main", templates: [{ name: "main", container: { image } }] },
  };
}

describe("the Argo cluster adapter", () => {
  it("answers undefined for a missing object and false for deleting it", async () => {
    expect(await cluster.get("WorkflowTemplate", namespace, "nope")).toBeUndefined();
    expect(await cluster.delete("WorkflowTemplate", namespace, "nope")).toBe(false);
  });

  it("creates by server-side apply as field manager coxswain, and re-applying changes nothing", async () => {
    const created = await cluster.apply("WorkflowTemplate", namespace, template("train"));
    const again = await cluster.apply("WorkflowTemplate", namespace, template("train"));
    expect(again.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
    const managers = (
      again.metadata.managedFields as Array<{ manager: string; operation: string }>
    ).map((m) => `${m.manager}/${m.operation}`);
    expect(managers).toEqual(["coxswain/Apply"]);
  });

  it("takes over fields another manager changed only when forced", async () => {
    await cluster.apply("WorkflowTemplate", namespace, template("train"));
    api.patch(
      "workflowtemplates",
      namespace,
      "train",
      { spec: { entrypoint: "other" } },
      "kubectl-edit",
    );
    const conflict = await cluster
      .apply("WorkflowTemplate", namespace, template("train"))
      .catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(KubeApiError);
    expect(conflict).toMatchObject({ code: 409, reason: "Conflict" });
    const forced = await cluster.apply("WorkflowTemplate", namespace, template("train"), {
      force: true,
    });
    expect((forced.spec as { entrypoint: string }).entrypoint).toBe("main");
  });

  it("lists every object matching a selector, page by page", async () => {
    for (let i = 0; i < 7; i++)
      await cluster.create("WorkflowTemplate", namespace, template(`t${i}`, { team: "ml" }));
    await cluster.create("WorkflowTemplate", namespace, template("other", { team: "web" }));
    api.resetRequestLog();
    const names: string[] = [];
    for await (const object of cluster.list("WorkflowTemplate", namespace, {
      labelSelector: "team=ml",
      limit: 3,
    })) {
      names.push(object.metadata.name);
    }
    expect(names).toEqual(["t0", "t1", "t2", "t3", "t4", "t5", "t6"]);
    expect(api.requests.map((r) => r.query.continue !== undefined)).toEqual([false, true, true]);
  });

  it("merge-patches a Workflow's spec, e.g. to stop it", async () => {
    await cluster.create("Workflow", namespace, {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Workflow",
      metadata: { name: "run-1" },
      spec: { workflowTemplateRef: { name: "train" } },
    });
    const patched = await cluster.mergePatch("Workflow", namespace, "run-1", {
      spec: { shutdown: "Stop" },
    });
    expect(patched.spec).toEqual({ workflowTemplateRef: { name: "train" }, shutdown: "Stop" });
  });

  it("reports a refused write with the API's reason and message", async () => {
    const error = await cluster
      .create("WorkflowTemplate", namespace, template("Bad_Name"))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 422,
      reason: "Invalid",
      message: expect.stringContaining("Bad_Name"),
    });
  });

  it("watches changes from a resourceVersion and ends when the server drops the watch", async () => {
    const { resourceVersion } = await cluster.listPage("WorkflowTemplate", namespace, {});
    const events: string[] = [];
    let ended!: () => void;
    const done = new Promise<void>((resolve) => {
      ended = resolve;
    });
    const handle = await cluster.watch(
      "WorkflowTemplate",
      namespace,
      { resourceVersion },
      (type: WatchEventType, object) => events.push(`${type} ${object.metadata.name}`),
      () => ended(),
    );
    await cluster.apply("WorkflowTemplate", namespace, template("w"));
    await cluster.apply("WorkflowTemplate", namespace, template("w", {}, "python"));
    await cluster.delete("WorkflowTemplate", namespace, "w");
    while (events.length < 3) await new Promise((r) => setTimeout(r, 10));
    expect(events).toEqual(["ADDED w", "MODIFIED w", "DELETED w"]);
    api.dropWatches();
    await done;
    handle.stop();
  });

  it("loads credentials from a kubeconfig file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "coxswain-kubeconfig-"));
    try {
      const path = join(dir, "config");
      await api.writeKubeconfig(path);
      const fromFile = argoClusterFor(loadKubeConfig({ kubeconfigPath: path, inCluster: false }));
      await fromFile.create("WorkflowTemplate", namespace, template("from-file"));
      expect(api.get("workflowtemplates", namespace, "from-file")).toBeDefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
