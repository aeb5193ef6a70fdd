// The app's HTTP server as it runs in production (Probot's Server with coxswain loaded), on a
// free port of 127.0.0.1, with GitHub intercepted by nock at its usual base URL.
import { createHmac } from "node:crypto";
import { createServer } from "node:net";
import { pino } from "pino";
import { type ApplicationFunction, Probot, ProbotOctokit, Server } from "probot";
import { testPrivateKey } from "./probot-harness.ts";

export const webhookSecret = "webhook-secret";

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export async function startTestServer(
  app: ApplicationFunction,
  options: { port?: number; githubBaseUrl?: string } = {},
): Promise<{ server: Server; base: string }> {
  const port = options.port ?? (await freePort());
  const server = new Server({
    host: "127.0.0.1",
    port,
    log: pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" }),
    Probot: Probot.defaults({
      appId: 1,
      privateKey: testPrivateKey,
      secret: webhookSecret,
      ...(options.githubBaseUrl ? { baseUrl: options.githubBaseUrl } : {}),
      Octokit: ProbotOctokit.defaults((options: Record<string, unknown>) => ({
        ...options,
        retry: { enabled: false },
        throttle: { ...(options.throttle as object), enabled: false },
      })),
    }),
  });
  await server.load(app);
  await server.start();
  return { server, base: `http://127.0.0.1:${port}` };
}

/** Delivers a webhook to a server started here over HTTP, signed as GitHub signs it. */
export function deliverWebhook(base: string, event: string, payload: unknown): Promise<Response> {
  const body = JSON.stringify(payload);
  return fetch(`${base}/api/github/webhooks`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": event,
      "x-github-delivery": crypto.randomUUID(),
      "x-hub-signature-256": `sha256=${createHmac("sha256", webhookSecret).update(body).digest("hex")}`,
    },
    body,
  });
}
