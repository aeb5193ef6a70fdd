// The app's HTTP server as it runs in production (Probot's Server with coxswain loaded), on a
// free port of 127.0.0.1, with GitHub intercepted by nock at its usual base URL.
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
): Promise<{ server: Server; base: string }> {
  const port = await freePort();
  const server = new Server({
    host: "127.0.0.1",
    port,
    log: pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" }),
    Probot: Probot.defaults({
      appId: 1,
      privateKey: testPrivateKey,
      secret: webhookSecret,
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
