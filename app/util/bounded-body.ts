// Reads a request's body up to a limit while it streams, so an oversized body (signed or not)
// is refused with 413 before anything looks at it and is never held whole in memory.
import type { IncomingMessage, ServerResponse } from "node:http";

/** The body, or undefined when it was refused (the response is then already sent). */
export function readBoundedBody(
  req: IncomingMessage,
  res: ServerResponse,
  limit: number,
): Promise<Buffer | undefined> {
  if (Number(req.headers["content-length"]) > limit) {
    refuse(req, res, limit);
    return Promise.resolve(undefined);
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (body: Buffer | undefined) => {
      settled = true;
      resolve(body);
    };
    req.on("data", (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        refuse(req, res, limit);
        settle(undefined);
      } else {
        chunks.push(chunk);
      }
    });
    req.on("end", () => {
      if (!settled) settle(Buffer.concat(chunks, size));
    });
    req.on("error", () => {
      if (!settled) settle(undefined);
    });
  });
}

function refuse(req: IncomingMessage, res: ServerResponse, limit: number): void {
  const body = JSON.stringify({ error: `the request body is larger than ${limit} bytes` });
  res.writeHead(413, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    connection: "close",
  });
  res.end(body, () => req.destroy());
}
