// Starts a real etcd + kube-apiserver (+ a controller manager that runs only the garbage
// collector, namespace and service-account controllers) on free loopback ports, installs
// Argo's CRDs and writes a kubeconfig. `stop()` ends exactly the processes it started.
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as jsYaml from "js-yaml";
import { Agent, fetch as undiciFetch } from "undici";
import { makeCredentials } from "./certificates.ts";

export interface LocalCluster {
  /** https://127.0.0.1:PORT */
  url: string;
  kubeconfigPath: string;
  caCertPath: string;
  adminToken: string;
  /** An authenticated user without any RBAC permission. */
  restrictedToken: string;
  /** etcd's client URL (for compaction in tests). */
  etcdUrl: string;
  dir: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  binDir: string;
  crdsDir: string;
  /** Keep the data folder (logs) after stop, for debugging. */
  keep?: boolean;
}

export async function startLocalCluster(options: StartOptions): Promise<LocalCluster> {
  const dir = await mkdtemp(join(tmpdir(), "coxswain-envtest-"));
  const processes: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(processes.reverse().map(terminate));
    if (!options.keep) await rm(dir, { recursive: true, force: true });
  };
  try {
    const credentials = makeCredentials(dir);
    const [etcdPort, peerPort, apiPort] = [await freePort(), await freePort(), await freePort()];
    const etcdUrl = `http://127.0.0.1:${etcdPort}`;
    const bin = (name: string) => join(options.binDir, name);
    processes.push(
      launch(dir, "etcd", bin("etcd"), [
        "--name=envtest",
        `--data-dir=${join(dir, "etcd")}`,
        `--listen-client-urls=${etcdUrl}`,
        `--advertise-client-urls=${etcdUrl}`,
        `--listen-peer-urls=http://127.0.0.1:${peerPort}`,
        `--initial-advertise-peer-urls=http://127.0.0.1:${peerPort}`,
        `--initial-cluster=envtest=http://127.0.0.1:${peerPort}`,
        "--max-request-bytes=10485760",
        "--logger=zap",
        "--log-level=warn",
      ]),
    );
    await waitFor(
      `etcd at ${etcdUrl}`,
      () => fetch(`${etcdUrl}/health`).then((r) => r.ok),
      processes,
    );
    const url = `https://127.0.0.1:${apiPort}`;
    processes.push(
      launch(dir, "kube-apiserver", bin("kube-apiserver"), [
        `--etcd-servers=${etcdUrl}`,
        "--bind-address=127.0.0.1",
        "--advertise-address=127.0.0.1",
        `--secure-port=${apiPort}`,
        "--insecure-port=0",
        `--tls-cert-file=${credentials.servingCert}`,
        `--tls-private-key-file=${credentials.servingKey}`,
        `--client-ca-file=${credentials.caCert}`,
        `--token-auth-file=${credentials.tokenFile}`,
        "--authorization-mode=RBAC",
        `--service-account-key-file=${credentials.serviceAccountPub}`,
        `--service-account-signing-key-file=${credentials.serviceAccountKey}`,
        "--service-account-issuer=https://kubernetes.default.svc",
        "--service-cluster-ip-range=10.96.0.0/24",
        "--allow-privileged=true",
        "--max-requests-inflight=800",
        "--v=1",
      ]),
    );
    const ca = readFileSync(credentials.caCert);
    const dispatcher = new Agent({ connect: { ca } });
    const authorized = { authorization: `Bearer ${credentials.adminToken}` };
    await waitFor(
      `kube-apiserver at ${url}`,
      () =>
        undiciFetch(`${url}/readyz`, { headers: authorized, dispatcher })
          .then((r) => r.ok)
          .catch(() => false),
      processes,
      60_000,
    );
    const kubeconfigPath = join(dir, "kubeconfig");
    writeFileSync(kubeconfigPath, kubeconfigYaml(url, credentials.caCert, credentials.adminToken));
    processes.push(
      launch(dir, "kube-controller-manager", bin("kube-controller-manager"), [
        `--kubeconfig=${kubeconfigPath}`,
        "--controllers=garbagecollector,namespace,serviceaccount",
        "--leader-elect=false",
        "--port=0",
        "--secure-port=0",
        `--service-account-private-key-file=${credentials.serviceAccountKey}`,
        "--v=1",
      ]),
    );
    await installCrds(options.crdsDir, url, authorized, dispatcher, processes);
    return {
      url,
      kubeconfigPath,
      caCertPath: credentials.caCert,
      adminToken: credentials.adminToken,
      restrictedToken: credentials.restrictedToken,
      etcdUrl,
      dir,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function launch(dir: string, name: string, command: string, args: string[]): ChildProcess {
  const log = createWriteStream(join(dir, `${name}.log`));
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  Object.defineProperty(child, "envtestName", { value: name });
  return child;
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  processes: ChildProcess[],
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const dead = processes.find((child) => child.exitCode !== null);
    if (dead) {
      throw new Error(
        `${(dead as ChildProcess & { envtestName?: string }).envtestName} exited with code ${dead.exitCode} while waiting for ${what}`,
      );
    }
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function installCrds(
  crdsDir: string,
  url: string,
  headers: Record<string, string>,
  dispatcher: Agent,
  processes: ChildProcess[],
): Promise<void> {
  // Raw HTTP, not client-node's typed API: its serializer drops keys it has no model for,
  // such as x-kubernetes-preserve-unknown-fields, and the CRDs would prune every spec.
  const plurals: string[] = [];
  for (const file of readdirSync(crdsDir)
    .filter((name) => name.endsWith(".yaml"))
    .sort()) {
    const crd = jsYaml.load(readFileSync(join(crdsDir, file), "utf8")) as {
      spec: { names: { plural: string } };
    };
    const response = await undiciFetch(
      `${url}/apis/apiextensions.k8s.io/v1/customresourcedefinitions`,
      {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify(crd),
        dispatcher,
      },
    );
    if (response.status !== 201)
      throw new Error(`installing ${file} failed: ${response.status} ${await response.text()}`);
    plurals.push(crd.spec.names.plural);
  }
  await waitFor(
    "Argo's CRDs to be served",
    async () => {
      const response = await undiciFetch(`${url}/apis/argoproj.io/v1alpha1`, {
        headers,
        dispatcher,
      });
      if (!response.ok) return false;
      const served = (
        (await response.json()) as { resources: Array<{ name: string }> }
      ).resources.map((r) => r.name);
      return plurals.every((plural) => served.includes(plural));
    },
    processes,
  );
}

function kubeconfigYaml(url: string, caPath: string, token: string): string {
  const ca = readFileSync(caPath).toString("base64");
  return jsYaml.dump({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "envtest", cluster: { server: url, "certificate-authority-data": ca } }],
    users: [{ name: "admin", user: { token } }],
    contexts: [
      { name: "envtest", context: { cluster: "envtest", user: "admin", namespace: "default" } },
    ],
    "current-context": "envtest",
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
      .once("error", reject)
      .listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
  });
}
