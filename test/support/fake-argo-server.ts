// A stand-in for the Argo server's REST API on loopback, for /retry: it checks the bearer token
// and does what Argo's retry does to the Workflow (argo-server-retry.ts), through the Kubernetes
// API of the test, so the controller double can run the failed steps again.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { CoreV1Api } from "@kubernetes/client-node";
import { workflowRetry } from "./argo-server-retry.ts";
import type { ClusterTarget } from "./cluster-target.ts";

export interface FakeArgoServer {
  url: string;
  token: string;
  retried: string[];
  close(): Promise<void>;
}

export async function startFakeArgoServer(
  cluster: ClusterTarget,
  token = "argo-token",
): Promise<FakeArgoServer> {
  const retried: string[] = [];
  const server: Server = createServer(async (request, response) => {
    const match = /^\/api\/v1\/workflows\/([^/]+)\/([^/]+)\/retry$/.exec(request.url ?? "");
    if (request.method !== "PUT" || !match) {
      response
        .writeHead(404, { "content-type": "application/json" })
        .end('{"code":5,"message":"Not Found"}');
      return;
    }
    if (request.headers.authorization !== `Bearer ${token}`) {
      response
        .writeHead(401, { "content-type": "application/json" })
        .end('{"code":16,"message":"Unauthorized"}');
      return;
    }
    const [namespace = "", name = ""] = [
      decodeURIComponent(match[1] ?? ""),
      decodeURIComponent(match[2] ?? ""),
    ];
    const workflow = await cluster.get("workflows", namespace, name);
    if (!workflow) {
      response
        .writeHead(404, { "content-type": "application/json" })
        .end(`{"code":5,"message":"workflows.argoproj.io \\"${name}\\" not found"}`);
      return;
    }
    const retry = workflowRetry(workflow, new Date().toISOString().replace(/\.\d{3}Z$/, "Z"));
    if ("refused" in retry) {
      response
        .writeHead(400, { "content-type": "application/json" })
        .end(JSON.stringify({ code: 9, message: retry.refused }));
      return;
    }
    retried.push(`${namespace}/${name}`);
    await cluster.patchForeign("workflows", namespace, name, retry.patch);
    await deletePods(cluster, namespace, name, retry.deletedPodNodes);
    response
      .writeHead(200, { "content-type": "application/json" })
      .end(JSON.stringify(await cluster.get("workflows", namespace, name)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    token,
    retried,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The pods of the retried steps, found as Argo labels and annotates them. */
async function deletePods(
  cluster: ClusterTarget,
  namespace: string,
  workflow: string,
  nodeIds: string[],
) {
  const core = cluster.kubeConfig().makeApiClient(CoreV1Api);
  const pods = await core.listNamespacedPod({
    namespace,
    labelSelector: `workflows.argoproj.io/workflow=${workflow}`,
  });
  for (const pod of pods.items) {
    const nodeId = pod.metadata?.annotations?.["workflows.argoproj.io/node-id"] ?? "";
    if (nodeIds.includes(nodeId))
      await core.deleteNamespacedPod({ namespace, name: pod.metadata?.name ?? "" });
  }
}
