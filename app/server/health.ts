// `/healthz`: the process is up and serving.
import type { IncomingMessage, ServerResponse } from "node:http";

export function healthHandler(req: IncomingMessage, res: ServerResponse): boolean {
  const path = req.url?.split("?")[0];
  if (path !== "/healthz") return false;
  res.writeHead(200, { "content-type": "text/plain" }).end("ok\n");
  return true;
}
