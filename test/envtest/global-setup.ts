// Vitest global setup of the integration project: builds (once, cached) and starts a real
// etcd + kube-apiserver with Argo's CRDs, hands its coordinates to the tests, and stops it
// afterwards. COXSWAIN_INTEGRATION_KUBECONFIG points the suite at another cluster instead
// (a kind cluster with Argo's CRDs, say). If the server cannot be provisioned the run fails
// with the reason; the real-server suite is never skipped quietly.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import type { RealClusterInfo } from "../support/cluster-target.ts";
import { startLocalCluster } from "./local-cluster.ts";

declare module "vitest" {
  export interface ProvidedContext {
    realCluster: RealClusterInfo;
  }
}

const buildScript = fileURLToPath(new URL("./build.sh", import.meta.url));
const crdsDir = fileURLToPath(new URL("../../../shared/argo/crds/", import.meta.url));

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.COXSWAIN_INTEGRATION_KUBECONFIG;
  if (external) {
    project.provide("realCluster", { kubeconfigPath: external, url: "" });
    return async () => {};
  }
  let binDir: string;
  try {
    binDir = execFileSync("bash", [buildScript], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    }).trim();
  } catch (error) {
    throw new Error(
      `the real-server suite could not build kube-apiserver (test/envtest/build.sh): ${(error as Error).message}`,
    );
  }
  const started = performance.now();
  const cluster = await startLocalCluster({
    binDir,
    crdsDir,
    keep: process.env.COXSWAIN_ENVTEST_KEEP === "1",
  });
  console.log(
    `envtest: kube-apiserver v1.20.2 at ${cluster.url} ready in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  project.provide("realCluster", {
    kubeconfigPath: cluster.kubeconfigPath,
    url: cluster.url,
    caCertPath: cluster.caCertPath,
    adminToken: cluster.adminToken,
    restrictedToken: cluster.restrictedToken,
    etcdUrl: cluster.etcdUrl,
  });
  return () => cluster.stop();
}
