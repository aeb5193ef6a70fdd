// A Probot instance wired like the real app, for feeding it webhook payloads.
// GitHub is intercepted with nock at the configured API base URL.
import { generateKeyPairSync } from "node:crypto";
import { pino } from "pino";
import { Probot, ProbotOctokit } from "probot";
import { coxswainApp } from "../../app/github/coxswain-app.ts";
import { runSigner } from "../../app/runs/run-identity.ts";
import type { Services } from "../../app/use-cases/services.ts";

const { privateKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});

export const testPrivateKey = privateKey;
export const testWebhookSecret = "webhook-secret";
/** The run signer the app builds from the harness' webhook secret (as main.ts does). */
export const testSigner = runSigner(testWebhookSecret);
export const githubApi = "https://api.github.com";

export interface Harness {
  probot: Probot;
  receive(name: string, payload: Record<string, unknown>, id?: string): Promise<void>;
}

let deliveries = 0;

export async function startHarness(
  deps: Omit<Services, "log">,
  options: { baseUrl?: string } = {},
): Promise<Harness> {
  const log = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });
  const probot = new Probot({
    appId: 1,
    privateKey,
    secret: testWebhookSecret,
    log,
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    Octokit: ProbotOctokit.defaults((instanceOptions: Record<string, unknown>) => ({
      ...instanceOptions,
      retry: { enabled: false },
      throttle: { ...(instanceOptions.throttle as object), enabled: false },
    })),
  });
  await probot.load(coxswainApp(deps));
  return {
    probot,
    receive: (name, payload, id = `delivery-${++deliveries}`) =>
      probot.receive({ id, name, payload } as Parameters<Probot["receive"]>[0]),
  };
}
