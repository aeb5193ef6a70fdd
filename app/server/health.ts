// `/healthz`: the process is up and serving. `/readyz`: the cluster answers (the config was
// loaded, or the process would not have started). `/metrics`: Prometheus' text format.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ArgoCluster } from "../cluster/argo-cluster.ts";
import type { Metrics } from "../metrics/metrics.ts";

export function healthHandler(req: IncomingMessage, res: ServerResponse): boolean {
  if (pathOf(req) !== "/healthz") return false;
  res.writeHead(200, { "content-type": "text/plain" }).end("ok\n");
  return true;
}

export function readinessHandler(cluster: ArgoCluster, draining: () => boolean) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (pathOf(req) !== "/readyz") return false;
    if (draining()) {
      res.writeHead(503, { "content-type": "text/plain" }).end("shutting down\n");
      return true;
    }
    cluster.listPage("WorkflowTemplate", undefined, { limit: 1 }).then(
      () => res.writeHead(200, { "content-type": "text/plain" }).end("ok\n"),
      (error: unknown) =>
        res
          .writeHead(503, { "content-type": "text/plain" })
          .end(`the cluster does not answer: ${(error as Error).message}\n`),
    );
    return true;
  };
}

export function metricsHandler(metrics: Metrics) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (pathOf(req) !== "/metrics") return false;
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { "content-type": metrics.registry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
    return true;
  };
}

function pathOf(req: IncomingMessage): string | undefined {
  return req.url?.split("?")[0];
}
