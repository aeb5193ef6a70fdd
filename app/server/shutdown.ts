// SIGTERM: stop taking webhooks (readiness answers 503 and the HTTP server closes), let the
// handlers in flight finish, stop the leader's work and release the lease so another replica
// takes over at once, disconnect Slack, stop the Git readers and the namespaces' watches.
import type { GitMirrors } from "../git/repo-mirror.ts";
import type { RunLedger } from "../ledger/run-ledger.ts";
import type { NamespaceDefinitionsCache } from "../sync/namespace-definitions-cache.ts";
import type { InFlight } from "../util/in-flight.ts";
import type { ServerParts } from "./server-app.ts";

export interface Running {
  server: { stop(): Promise<void> };
  parts: ServerParts | undefined;
  inFlight: InFlight;
  git: GitMirrors;
  namespaceCache?: NamespaceDefinitionsCache;
  /** Closed last, after the leader's work that writes to it has stopped. */
  ledger?: RunLedger;
}

export async function shutdown(running: Running): Promise<void> {
  const { parts } = running;
  parts?.log.info({ inFlight: running.inFlight.count }, "shutting down: no new webhooks");
  parts?.drain();
  await running.server.stop();
  await running.inFlight.idle();
  if (parts?.elector) await parts.elector.stop();
  else await parts?.work?.stop();
  await parts?.slack?.stop();
  running.git.close();
  running.namespaceCache?.close();
  await running.ledger?.close();
  parts?.log.info("shut down");
}
