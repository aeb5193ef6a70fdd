// A stand-in for the Argo server's REST API on loopback, for /retry: it checks the bearer token
// and does what Argo's retry does to the Workflow (its phase goes back to Running), through the
// Kubernetes API of the test.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
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
    retried.push(`${namespace}/${name}`);
    await cluster.patchForeign("workflows", namespace, name, {
      metadata: {
        labels: {
          "workflows.argoproj.io/completed": "false",
          "workflows.argoproj.io/phase": "Running",
        },
      },
      status: { phase: "Running", finishedAt: null, message: null },
    });
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
