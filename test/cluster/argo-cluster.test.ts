import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { argoClusterFor } from "../../app/cluster/argo-cluster.ts";
import { loadKubeConfig } from "../../app/cluster/kube-config.ts";
import { clusterAdapterSuite, template } from "../suites/cluster-adapter-suite.ts";
import { loopbackTarget } from "../support/cluster-target.ts";
import { startTestKubeApi } from "../support/kube-api/index.ts";

clusterAdapterSuite(loopbackTarget);

// What only the loopback API can do on demand.
describe("the Argo cluster adapter on the loopback API", () => {
  it("ends a watch when the server drops it", async () => {
    const api = await startTestKubeApi();
    try {
      api.createNamespace("ml");
      const cluster = argoClusterFor(api.kubeConfig());
      let ended!: () => void;
      const done = new Promise<void>((resolve) => {
        ended = resolve;
      });
      const handle = await cluster.watch(
        "WorkflowTemplate",
        "ml",
        {},
        () => {},
        () => ended(),
      );
      await new Promise((r) => setTimeout(r, 50));
      api.dropWatches();
      await done;
      handle.stop();
    } finally {
      await api.close();
    }
  });

  it("loads credentials from a kubeconfig file", async () => {
    const api = await startTestKubeApi({ token: "admin-token" });
    const dir = await mkdtemp(join(tmpdir(), "coxswain-kubeconfig-"));
    try {
      api.createNamespace("ml");
      const path = join(dir, "config");
      await api.writeKubeconfig(path);
      const fromFile = argoClusterFor(loadKubeConfig({ kubeconfigPath: path, inCluster: false }));
      await fromFile.create("WorkflowTemplate", "ml", template("from-file"));
      expect(api.get("workflowtemplates", "ml", "from-file")).toBeDefined();
    } finally {
      await api.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
