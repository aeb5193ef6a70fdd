// GitHub's webhook route with the body capped. Probot's middleware reads the whole body before
// it checks the signature; this reads at most `maxWebhookBytes` (GitHub sends at most 25 MB)
// and hands Probot the bytes it read, so an unsigned 400 MB body costs nothing.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Probot } from "probot";
import { readBoundedBody } from "./bounded-body.ts";

export const maxWebhookBytes = 25 * 1024 * 1024;

type NodeMiddleware = (
  req: IncomingMessage,
  res: ServerResponse,
  next?: () => void,
) => Promise<boolean>;

/**
 * Makes the Probot instance's webhook middleware read bodies through the cap. Probot's server
 * asks the instance for its middleware when it starts, after the app is loaded, so the app
 * function can do this for every server it is loaded into (`run()` and tests alike).
 */
export function boundWebhookBodies(probot: Probot, limit = maxWebhookBytes): void {
  const original = probot.getNodeMiddleware.bind(probot);
  probot.getNodeMiddleware = async (options) => {
    const inner = (await original(options)) as NodeMiddleware;
    return (async (req: IncomingMessage, res: ServerResponse, next?: () => void) => {
      if (req.method === "POST" && isWebhookPath(req, options?.path)) {
        const body = await readBoundedBody(req, res, limit);
        if (!body) return true;
        // Octokit's middleware takes an already-read body from rawBody (as behind Express).
        req.rawBody = body;
        req.body = {};
      }
      return inner(req, res, next);
    }) as Awaited<ReturnType<Probot["getNodeMiddleware"]>>;
  };
}

function isWebhookPath(req: IncomingMessage, path = "/api/github/webhooks"): boolean {
  const pathname = new URL(req.url ?? "/", "http://localhost").pathname.replace(/\/+$/, "");
  return pathname === path.replace(/\/+$/, "");
}
