// A real kube-apiserver for a benchmark: the integration suite's envtest server (built once,
// cached), as a ClusterTarget that stops the server when closed.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { startLocalCluster } from "../test/envtest/local-cluster.ts";
import { type ClusterTarget, realTarget } from "../test/support/cluster-target.ts";

export interface EnvtestServer {
  target: ClusterTarget;
  /** The folder of the envtest binaries (kube-apiserver, etcd, kubectl). */
  binDir: string;
  kubeconfigPath: string;
}

export async function envtestTarget(): Promise<ClusterTarget> {
  return (await envtestServer()).target;
}

export async function envtestServer(): Promise<EnvtestServer> {
  const build = fileURLToPath(new URL("../test/envtest/build.sh", import.meta.url));
  const binDir = execFileSync("bash", [build], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();
  const crdsDir = fileURLToPath(new URL("../../shared/argo/crds/", import.meta.url));
  const cluster = await startLocalCluster({ binDir, crdsDir });
  const target = realTarget({ kubeconfigPath: cluster.kubeconfigPath, url: cluster.url });
  return {
    target: { ...target, close: () => cluster.stop() },
    binDir,
    kubeconfigPath: cluster.kubeconfigPath,
  };
}
