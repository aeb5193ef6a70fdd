// GitHub's webhook route: the body capped, the signature checked, then the delivery answered
// at once (202) and handled in the background. Probot's middleware reads the whole body before
// it checks the signature and answers only when every handler has finished (or after 9 s); a
// large sync would turn into slow or failed deliveries. GitHub gives a delivery 10 s.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { Probot } from "probot";
import { readBoundedBody } from "../util/bounded-body.ts";
import type { InFlight } from "../util/in-flight.ts";

export const maxWebhookBytes = 25 * 1024 * 1024;

type NodeMiddleware = (
  req: IncomingMessage,
  res: ServerResponse,
  next?: () => void,
) => Promise<boolean>;

export interface WebhookIntake {
  /** Where the handlers of an accepted delivery are tracked, so shutdown waits for them. */
  inFlight?: InFlight;
  limit?: number;
}

/**
 * Makes the Probot instance's webhook middleware read bodies through the cap and answer a
 * correctly signed delivery before handling it. Probot's server asks the instance for its
 * middleware when it starts, after the app is loaded, so the app function can do this for every
 * server it is loaded into (`run()` and tests alike). Anything not signed correctly, or missing
 * GitHub's headers, goes to Probot's middleware, which refuses it as before.
 */
export function boundWebhookBodies(probot: Probot, intake: WebhookIntake = {}): void {
  const limit = intake.limit ?? maxWebhookBytes;
  const original = probot.getNodeMiddleware.bind(probot);
  probot.getNodeMiddleware = async (options) => {
    const inner = (await original(options)) as NodeMiddleware;
    return (async (req: IncomingMessage, res: ServerResponse, next?: () => void) => {
      if (req.method === "POST" && isWebhookPath(req, options?.path)) {
        const body = await readBoundedBody(req, res, limit);
        if (!body) return true;
        const delivery = await acceptedDelivery(probot, req, body);
        if (delivery) {
          res.writeHead(202, { "content-type": "text/plain" }).end("accepted\n");
          handleInBackground(probot, delivery, intake.inFlight);
          return true;
        }
        // Octokit's middleware takes an already-read body from rawBody (as behind Express).
        req.rawBody = body;
        req.body = {};
      }
      return inner(req, res, next);
    }) as Awaited<ReturnType<Probot["getNodeMiddleware"]>>;
  };
}

interface Delivery {
  id: string;
  name: string;
  payload: unknown;
}

/** The delivery, when it is JSON with GitHub's headers and a signature that verifies. */
async function acceptedDelivery(
  probot: Probot,
  req: IncomingMessage,
  body: Buffer,
): Promise<Delivery | undefined> {
  const header = (name: string) => {
    const value = req.headers[name];
    return typeof value === "string" ? value : undefined;
  };
  const id = header("x-github-delivery");
  const name = header("x-github-event");
  const signature = header("x-hub-signature-256");
  if (!id || !name || !signature) return undefined;
  if (!/^\s*application\/json\s*(;|$)/.test(header("content-type") ?? "")) return undefined;
  const text = body.toString("utf8");
  if (!(await probot.webhooks.verify(text, signature).catch(() => false))) return undefined;
  try {
    return { id, name, payload: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

function handleInBackground(probot: Probot, delivery: Delivery, inFlight?: InFlight): void {
  const log: Logger = probot.log.child({ delivery: delivery.id, event: delivery.name });
  const handled = probot.webhooks
    .receive(delivery as Parameters<Probot["webhooks"]["receive"]>[0])
    .catch((error: unknown) => log.error({ err: error }, "webhook handler failed"));
  inFlight?.track(handled);
}

function isWebhookPath(req: IncomingMessage, path = "/api/github/webhooks"): boolean {
  const pathname = new URL(req.url ?? "/", "http://localhost").pathname.replace(/\/+$/, "");
  return pathname === path.replace(/\/+$/, "");
}
