// The cluster adapter against a given Kubernetes API (loopback or real): the calls coxswain
// makes, and what the API answers to them.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type ArgoCluster,
  argoClusterFor,
  type WatchEventType,
} from "../../app/cluster/argo-cluster.ts";
import type { ArgoObject } from "../../app/cluster/argo-kinds.ts";
import { KubeApiError } from "../../app/cluster/kube-api-error.ts";
import type { ClusterTarget } from "../support/cluster-target.ts";

export function template(
  name: string,
  labels: Record<string, string> = {},
  image = "alpine",
): ArgoObject {
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "WorkflowTemplate",
    metadata: { name, labels },
    spec: { entrypoint: "main", templates: [{ name: "main", container: { image } }] },
  };
}

export function clusterAdapterSuite(makeTarget: () => Promise<ClusterTarget>): void {
  let target: ClusterTarget;
  let cluster: ArgoCluster;
  let namespace: string;
  beforeAll(async () => {
    target = await makeTarget();
    cluster = argoClusterFor(target.kubeConfig());
  });
  afterAll(() => target.close());
  beforeEach(async () => {
    namespace = await target.namespace("adapter");
  });

  describe("the Argo cluster adapter", () => {
    it("answers undefined for a missing object and false for deleting it", async () => {
      expect(await cluster.get("WorkflowTemplate", namespace, "nope")).toBeUndefined();
      expect(await cluster.delete("WorkflowTemplate", namespace, "nope")).toBe(false);
    });

    it("creates by server-side apply as field manager coxswain, and re-applying changes nothing", async () => {
      // (With `labels: {}` a real v1.20 server rewrites the object on every apply; coxswain's
      // objects always carry labels.)
      const created = await cluster.apply(
        "WorkflowTemplate",
        namespace,
        template("train", { app: "ml" }),
      );
      const again = await cluster.apply(
        "WorkflowTemplate",
        namespace,
        template("train", { app: "ml" }),
      );
      expect(again.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
      const managers = (
        again.metadata.managedFields as Array<{ manager: string; operation: string }>
      ).map((m) => `${m.manager}/${m.operation}`);
      expect(managers).toEqual(["coxswain/Apply"]);
    });

    it("takes over fields another manager changed only when forced", async () => {
      await cluster.apply("WorkflowTemplate", namespace, template("train"));
      await target.patchForeign("workflowtemplates", namespace, "train", {
        spec: { entrypoint: "other" },
      });
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
      const first = await cluster.listPage("WorkflowTemplate", namespace, {
        labelSelector: "team=ml",
        limit: 3,
      });
      expect(first.items.map((o) => o.metadata.name)).toEqual(["t0", "t1", "t2"]);
      expect(first.continueToken).toBeTruthy();
      const names: string[] = [];
      for await (const object of cluster.list("WorkflowTemplate", namespace, {
        labelSelector: "team=ml",
        limit: 3,
      })) {
        names.push(object.metadata.name);
      }
      expect(names).toEqual(["t0", "t1", "t2", "t3", "t4", "t5", "t6"]);
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

    it("watches changes from a resourceVersion", async () => {
      const { resourceVersion } = await cluster.listPage("WorkflowTemplate", namespace, {});
      const events: string[] = [];
      const handle = await cluster.watch(
        "WorkflowTemplate",
        namespace,
        { resourceVersion },
        (type: WatchEventType, object) => {
          if (type !== "BOOKMARK") events.push(`${type} ${object.metadata.name}`);
        },
        () => {},
      );
      await cluster.apply("WorkflowTemplate", namespace, template("w"));
      await cluster.apply("WorkflowTemplate", namespace, template("w", {}, "python"));
      await cluster.delete("WorkflowTemplate", namespace, "w");
      const deadline = Date.now() + 10_000;
      while (events.length < 3 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      handle.stop();
      expect(events).toEqual(["ADDED w", "MODIFIED w", "DELETED w"]);
    });
  });
}
