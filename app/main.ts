// Wiring: reads the settings, builds the adapters, hands them to the use cases and serves
// GitHub's webhooks with Probot (and Slack's requests); on SIGTERM it shuts down gracefully.
// The only place that reads process.env.
import { existsSync } from "node:fs";
import { run } from "probot";
import { loadArgoSchemaValidator } from "./argo/argo-schema.ts";
import { argoClusterFor } from "./cluster/argo-cluster.ts";
import { argoServerClient } from "./cluster/argo-server.ts";
import { coreClusterFor } from "./cluster/core-cluster.ts";
import { loadKubeConfig } from "./cluster/kube-config.ts";
import { leaseStoreFor } from "./cluster/lease-store.ts";
import { settingsFromEnv } from "./config/env.ts";
import { readServerPolicy } from "./config/server-policy.ts";
import { gitTrustFor } from "./git/git-trust.ts";
import { GitMirrors } from "./git/repo-mirror.ts";
import { defaultLeaderOptions } from "./leader/leader-elector.ts";
import { openLedger } from "./ledger/open-ledger.ts";
import { createMetrics } from "./metrics/metrics.ts";
import { runSigner } from "./runs/run-identity.ts";
import { type ServerParts, serverApp } from "./server/server-app.ts";
import { shutdown } from "./server/shutdown.ts";
import { NamespaceDefinitionsCache } from "./sync/namespace-definitions-cache.ts";
import { InFlight } from "./util/in-flight.ts";

function fail(message: string): never {
  console.error(`coxswain: ${message}`);
  process.exit(1);
}

// Probot's set-up flow writes the App's credentials to .env.
if (existsSync(".env")) process.loadEnvFile(".env");
const loaded = settingsFromEnv(process.env);
if (!loaded.ok) fail(loaded.error);
const settings = loaded.settings;

if (settings.webOff) console.info(`coxswain: ${settings.webOff}`);
if (!settings.github || !settings.policyFile) {
  // No GitHub App yet: Probot serves its set-up page, which registers one and writes .env.
  await run(() => {});
} else {
  const policy = readServerPolicy(settings.policyFile);
  if (!policy.ok) fail(policy.error);
  let schema: ReturnType<typeof loadArgoSchemaValidator>;
  try {
    schema = loadArgoSchemaValidator(settings.argoSchemaPath);
  } catch (error) {
    fail(
      `COXSWAIN_ARGO_SCHEMA: cannot load Argo's schema from ${settings.argoSchemaPath} (${(error as Error).message})`,
    );
  }
  let cluster: ReturnType<typeof argoClusterFor>;
  let core: ReturnType<typeof coreClusterFor>;
  let kubeConfig: ReturnType<typeof loadKubeConfig>;
  try {
    kubeConfig = loadKubeConfig(settings.kube);
    cluster = argoClusterFor(kubeConfig);
    core = coreClusterFor(kubeConfig);
  } catch (error) {
    fail(`KUBECONFIG: cannot load cluster credentials (${(error as Error).message})`);
  }
  const argoServerUrl = policy.policy.argo.serverUrl;
  // The CAs Node trusts (NODE_EXTRA_CA_CERTS for a GitHub Enterprise Server's private CA), for git.
  const gitTrust = await gitTrustFor(settings.extraCaFile, settings.gitCacheDir);
  if (!gitTrust.ok) fail(gitTrust.error);
  const git = new GitMirrors(settings.gitCacheDir, policy.policy.limits, gitTrust.trust);
  const inFlight = new InFlight();
  const namespaceCache = new NamespaceDefinitionsCache(cluster);
  let ledger: Awaited<ReturnType<typeof openLedger>>;
  try {
    ledger = await openLedger(settings.ledger);
  } catch (error) {
    fail(`COXSWAIN_LEDGER: cannot open the run ledger (${(error as Error).message})`);
  }
  const deps = {
    server: policy.policy,
    git,
    ledger,
    cluster,
    core,
    schema,
    namespaceCache,
    signer: runSigner(settings.github.webhookSecret),
    metrics: createMetrics(),
    inFlight,
    ...(argoServerUrl ? { argoServer: argoServerClient(argoServerUrl, settings.argoToken) } : {}),
  };
  const argoUiUrl = policy.policy.argo.uiUrl;
  const { lease } = settings;
  let parts: ServerParts | undefined;
  const server = await run(
    serverApp(deps, {
      reportRuns: true,
      leader: {
        store: leaseStoreFor(kubeConfig, lease.namespace, lease.name),
        options: { identity: lease.identity, ...defaultLeaderOptions },
      },
      githubUrl: settings.githubUrl,
      ...(argoUiUrl ? { argoUiUrl } : {}),
      ...(settings.web
        ? {
            web: {
              ...settings.web,
              secret: settings.github.webhookSecret,
              githubUrl: settings.githubUrl,
              githubApiUrl: settings.githubApiUrl,
              ...(argoUiUrl ? { argoUiUrl } : {}),
            },
          }
        : {}),
      ...(settings.slack ? { slack: settings.slack } : {}),
      started: (started) => {
        parts = started;
      },
    }),
  );
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    shutdown({ server, parts, inFlight, git, namespaceCache, ledger })
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        console.error(`coxswain: shutdown failed: ${(error as Error).message}`);
        process.exit(1);
      });
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
