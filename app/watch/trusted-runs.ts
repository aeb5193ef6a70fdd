// Lets through to the reporters and the ledger only the runs whose identity coxswain signed; a
// run that fails the check is reported nowhere, and is logged and counted once.
import type { ArgoObject } from "../cluster/argo-kinds.ts";
import type { IdentityCheck, UntrustedReason } from "../runs/run-identity.ts";
import type { RunEvents } from "./run-watcher.ts";

export interface UntrustedRun {
  namespace: string;
  name: string;
  reason: UntrustedReason;
  detail: string;
}

/** Runs already refused are remembered (up to this many) so each is logged once. */
const remembered = 10_000;

export function onlyTrustedRuns(
  events: RunEvents,
  check: (workflow: ArgoObject) => IdentityCheck,
  refused: (run: UntrustedRun) => void,
): RunEvents {
  const seen = new Set<string>();
  return {
    observe(workflow) {
      const checked = check(workflow);
      if (checked.ok) return events.observe(workflow);
      const key = `${workflow.metadata.uid ?? ""}/${workflow.metadata.namespace}/${workflow.metadata.name}/${checked.reason}`;
      if (!seen.has(key)) {
        seen.add(key);
        if (seen.size > remembered) seen.delete(seen.values().next().value as string);
        refused({
          namespace: workflow.metadata.namespace ?? "",
          name: workflow.metadata.name,
          reason: checked.reason,
          detail: checked.detail,
        });
      }
      return Promise.resolve();
    },
    forget: (workflow) => events.forget(workflow),
  };
}
