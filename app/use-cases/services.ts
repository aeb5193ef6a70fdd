// The services the use cases and adapters are given, built once in main.ts; each function takes
// only the ones it uses (a Pick of this).
import type { ArgoSchemaValidator } from "../argo/argo-schema.ts";
import type { ArgoCluster } from "../cluster/argo-cluster.ts";
import type { ArgoServer } from "../cluster/argo-server.ts";
import type { CoreCluster } from "../cluster/core-cluster.ts";
import type { ServerPolicy } from "../config/server-policy.ts";
import type { GitMirrors } from "../git/repo-mirror.ts";
import type { RunLedger } from "../ledger/run-ledger.ts";
import type { Metrics } from "../metrics/metrics.ts";
import type { RunSigner } from "../runs/run-identity.ts";
import type { NamespaceDefinitionsCache } from "../sync/namespace-definitions-cache.ts";
import type { InFlight } from "../util/in-flight.ts";

export interface Services {
  server: ServerPolicy;
  git: GitMirrors;
  cluster: ArgoCluster;
  core: CoreCluster;
  /** Set when the server policy names an Argo server (retries of failed steps go through it). */
  argoServer?: ArgoServer;
  schema: ArgoSchemaValidator;
  /** What synced namespaces hold, kept current by watches: a push's sync lists nothing. */
  namespaceCache?: NamespaceDefinitionsCache;
  /** Signs the identity of the runs coxswain starts; reporters act only on what verifies. */
  signer: RunSigner;
  /** Where counts go (/metrics); tests that do not look at them leave it out. */
  metrics?: Metrics;
  /** The run ledger: records of ended runs, which outlive their pruning. */
  ledger?: RunLedger;
  /** Tracks the webhook handlers running, so shutdown can wait for them. */
  inFlight?: InFlight;
}
