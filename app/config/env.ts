// Start-up settings from the environment. The only module that interprets process.env;
// a missing or bad setting stops the app with one line naming it.
import { homedir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

// Argo's published JSON schema (v4.1.2), shipped with coxswain (a test keeps it equal to
// ../shared/argo/schema.json).
const defaultArgoSchema = fileURLToPath(
  new URL("../../schemas/argo-workflows-v4.1.2.schema.json", import.meta.url),
);

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === "" ? undefined : value));

const envSchema = z.object({
  APP_ID: optionalText,
  PRIVATE_KEY: optionalText,
  PRIVATE_KEY_PATH: optionalText,
  WEBHOOK_SECRET: optionalText,
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: optionalText,
  COXSWAIN_POLICY_FILE: optionalText,
  COXSWAIN_ARGO_SCHEMA: z.string().default(defaultArgoSchema),
  COXSWAIN_GIT_CACHE_DIR: z.string().default(join(homedir(), ".cache", "coxswain", "git")),
  COXSWAIN_LEDGER: z.string().default(join(homedir(), ".cache", "coxswain", "ledger.db")),
  KUBECONFIG: optionalText,
  ARGO_TOKEN: optionalText,
  KUBERNETES_SERVICE_HOST: optionalText,
  POD_NAME: optionalText,
  POD_NAMESPACE: optionalText,
  HOSTNAME: optionalText,
  COXSWAIN_LEASE_NAMESPACE: optionalText,
  COXSWAIN_LEASE_NAME: z.string().default("coxswain-leader"),
  GHE_HOST: optionalText,
  GHE_PROTOCOL: optionalText,
  NODE_EXTRA_CA_CERTS: optionalText,
  GITHUB_CLIENT_ID: optionalText,
  GITHUB_CLIENT_SECRET: optionalText,
  COXSWAIN_PUBLIC_URL: optionalText.pipe(z.url().optional()),
  SLACK_BOT_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText,
  SLACK_SOCKET_MODE: z
    .enum(["true", "false", ""])
    .optional()
    .transform((value) => value === "true"),
  SLACK_API_URL: optionalText.pipe(z.url().optional()),
});

export interface SlackSettings {
  botToken: string;
  /** HTTP mode: the app's signing secret, which every request's signature is checked against. */
  signingSecret?: string;
  /** Socket Mode: the app-level token (xapp-…). */
  appToken?: string;
  socketMode: boolean;
  /** Slack's Web API base URL (default https://slack.com/api/). */
  apiUrl?: string;
}

export interface Settings {
  /** Absent until a GitHub App is registered: the server then shows Probot's set-up page. */
  github?: { appId: string; webhookSecret: string };
  port: number;
  host?: string;
  policyFile?: string;
  argoSchemaPath: string;
  gitCacheDir: string;
  /** The run ledger: a SQLite file path, or a postgres:// URL (for several replicas). */
  ledger: string;
  /** Bearer token for the Argo server named in the server policy. */
  argoToken?: string;
  kube: { kubeconfigPath?: string; inCluster: boolean };
  /** GitHub's web address, for links in Slack messages (a GitHub Enterprise Server's when set). */
  githubUrl: string;
  /** GitHub's REST API (https://api.github.com, or a GitHub Enterprise Server's /api/v3). */
  githubApiUrl: string;
  /** The run history pages (/runs): on when the App's client id and secret and the public URL are set. */
  web?: WebSettings;
  /** Why the run history pages are off although the App's client id is set (said at start-up). */
  webOff?: string;
  /**
   * NODE_EXTRA_CA_CERTS: a PEM file of CAs (a GitHub Enterprise Server's private CA) that Node
   * adds to its roots at start-up; git is given the same (app/git/git-trust.ts).
   */
  extraCaFile?: string;
  /** Absent: runs are not announced in Slack and /slack/events is not served. */
  slack?: SlackSettings;
  /** The Lease that elects the replica that watches, reports and prunes. */
  lease: { namespace: string; name: string; identity: string };
}

export interface WebSettings {
  /** The GitHub App's client id and secret (its user authorisation flow signs people in). */
  clientId: string;
  clientSecret: string;
  /** Where browsers reach the app; GitHub sends them back to <publicUrl>/runs/-/callback. */
  publicUrl: string;
}

export type SettingsResult = { ok: true; settings: Settings } | { ok: false; error: string };

export function settingsFromEnv(env: NodeJS.ProcessEnv): SettingsResult {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `${String(issue?.path[0])}: ${issue?.message}` };
  }
  const e = parsed.data;
  const slack = slackSettings(e);
  if (typeof slack === "string") return { ok: false, error: slack };
  const web = webSettings(e);
  if (typeof web === "string") return { ok: false, error: web };
  const webOff =
    e.GITHUB_CLIENT_ID && !web
      ? "the run history pages (/runs) are off: set COXSWAIN_PUBLIC_URL (where browsers reach coxswain) to turn them on"
      : undefined;
  const githubUrl = e.GHE_HOST
    ? `${e.GHE_PROTOCOL ?? "https"}://${e.GHE_HOST}`
    : "https://github.com";
  const settings: Settings = {
    githubUrl,
    githubApiUrl: e.GHE_HOST ? `${githubUrl}/api/v3` : "https://api.github.com",
    ...(web ? { web } : {}),
    ...(webOff ? { webOff } : {}),
    lease: {
      namespace: e.COXSWAIN_LEASE_NAMESPACE ?? e.POD_NAMESPACE ?? "default",
      name: e.COXSWAIN_LEASE_NAME,
      identity: e.POD_NAME ?? e.HOSTNAME ?? `coxswain-${process.pid}`,
    },
    ...(slack ? { slack } : {}),
    port: e.PORT,
    argoSchemaPath: e.COXSWAIN_ARGO_SCHEMA,
    gitCacheDir: e.COXSWAIN_GIT_CACHE_DIR,
    ledger: e.COXSWAIN_LEDGER,
    kube: { kubeconfigPath: e.KUBECONFIG, inCluster: e.KUBERNETES_SERVICE_HOST !== undefined },
    ...(e.HOST ? { host: e.HOST } : {}),
    ...(e.COXSWAIN_POLICY_FILE ? { policyFile: e.COXSWAIN_POLICY_FILE } : {}),
    ...(e.ARGO_TOKEN ? { argoToken: e.ARGO_TOKEN } : {}),
    extraCaFile: e.NODE_EXTRA_CA_CERTS,
  };
  if (e.APP_ID === undefined) return { ok: true, settings };
  if (!/^\d+$/.test(e.APP_ID))
    return { ok: false, error: "APP_ID: must be the GitHub App's numeric id" };
  if (!e.PRIVATE_KEY && !e.PRIVATE_KEY_PATH) {
    return { ok: false, error: "PRIVATE_KEY or PRIVATE_KEY_PATH: required when APP_ID is set" };
  }
  if (!e.WEBHOOK_SECRET) return { ok: false, error: "WEBHOOK_SECRET: required when APP_ID is set" };
  if (!e.COXSWAIN_POLICY_FILE) {
    return {
      ok: false,
      error:
        "COXSWAIN_POLICY_FILE: required when APP_ID is set (path of the server policy YAML; see policy.example.yaml)",
    };
  }
  return {
    ok: true,
    settings: { ...settings, github: { appId: e.APP_ID, webhookSecret: e.WEBHOOK_SECRET } },
  };
}

/** Slack is on when a bot token is set; then HTTP mode needs the signing secret, Socket Mode the app token. */
function slackSettings(e: z.infer<typeof envSchema>): SlackSettings | undefined | string {
  if (!e.SLACK_BOT_TOKEN) return undefined;
  if (e.SLACK_SOCKET_MODE && !e.SLACK_APP_TOKEN)
    return "SLACK_APP_TOKEN: required when SLACK_SOCKET_MODE is true (an app-level token, xapp-…)";
  if (!e.SLACK_SOCKET_MODE && !e.SLACK_SIGNING_SECRET)
    return "SLACK_SIGNING_SECRET: required when SLACK_BOT_TOKEN is set (or set SLACK_SOCKET_MODE=true)";
  return {
    botToken: e.SLACK_BOT_TOKEN,
    socketMode: e.SLACK_SOCKET_MODE,
    ...(e.SLACK_SIGNING_SECRET ? { signingSecret: e.SLACK_SIGNING_SECRET } : {}),
    ...(e.SLACK_APP_TOKEN ? { appToken: e.SLACK_APP_TOKEN } : {}),
    ...(e.SLACK_API_URL ? { apiUrl: e.SLACK_API_URL } : {}),
  };
}

/**
 * The run history is on when the App's client id and the public URL are set (Probot's set-up
 * page writes the client id and secret, so a client id alone leaves the pages off); then the
 * secret is needed.
 */
function webSettings(e: z.infer<typeof envSchema>): WebSettings | undefined | string {
  if (!e.GITHUB_CLIENT_ID) return undefined;
  if (!e.GITHUB_CLIENT_SECRET)
    return "GITHUB_CLIENT_SECRET: required when GITHUB_CLIENT_ID is set (the App's client secret, for signing in to /runs)";
  if (!e.COXSWAIN_PUBLIC_URL) return undefined;
  return {
    clientId: e.GITHUB_CLIENT_ID,
    clientSecret: e.GITHUB_CLIENT_SECRET,
    publicUrl: e.COXSWAIN_PUBLIC_URL,
  };
}
