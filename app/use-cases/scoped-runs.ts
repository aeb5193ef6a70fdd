// The runs a request may act on: its pull request's, or its repository's, in the repository's
// namespace, and only those whose identity coxswain signed (labels alone could be anyone's).

import { findRun, type RunScope, runsInScope } from "../runs/find-runs.ts";
import { checkRunIdentity } from "../runs/run-identity.ts";
import type { RepositoryContext } from "./repository-context.ts";
import type { Services } from "./services.ts";

export type RunPorts = Pick<Services, "cluster" | "server" | "signer">;

export function scopeOf(context: RepositoryContext): RunScope {
  return {
    namespace: context.namespace,
    repoFullName: context.fullName,
    ...(context.pullRequest ? { pr: context.pullRequest.number } : {}),
  };
}

export function trustedRuns(ports: RunPorts) {
  return (run: Parameters<typeof checkRunIdentity>[2]) =>
    checkRunIdentity(ports.signer, ports.server, run).ok;
}

export function runsOf(context: RepositoryContext, ports: RunPorts) {
  return runsInScope(ports.cluster, scopeOf(context), trustedRuns(ports));
}

export function findScopedRun(
  context: RepositoryContext,
  ports: RunPorts,
  name: string | undefined,
  wanted: { running?: boolean } = {},
) {
  return findRun(ports.cluster, scopeOf(context), name, wanted, trustedRuns(ports));
}
