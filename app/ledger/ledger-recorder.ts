// Writes a run's record when the watcher sees it ended. Apart from the reporters, so a slow or
// failing store never delays a notification; writing again is harmless (one record per run),
// so a failed write is simply made again the next time the run is seen.
import type { Logger } from "pino";
import type { ArgoObject } from "../cluster/argo-kinds.ts";
import { annotationKeys } from "../cluster/labels.ts";
import { phaseOf } from "../runs/find-runs.ts";
import { runStatusOf } from "../runs/run-status.ts";

const endedPhases = new Set(["Succeeded", "Failed", "Error"]);

import type { RunEvents } from "../watch/run-watcher.ts";
import type { RunLedger } from "./run-ledger.ts";
import { recordOf } from "./run-record.ts";

export function ledgerRecorder(
  ledger: RunLedger,
  log: Logger,
): RunEvents & { idle(): Promise<void> } {
  const writing = new Set<Promise<void>>();
  const recorded = new Map<string, string>(); // uid → phase already written by this process
  return {
    observe(workflow: ArgoObject) {
      // Decided from the phase alone: the full status (maybe compressed nodes) only once
      // there is something new to write.
      const phase = phaseOf(workflow);
      if (!endedPhases.has(phase)) return Promise.resolve();
      const uid =
        workflow.metadata.uid ?? `${workflow.metadata.namespace}/${workflow.metadata.name}`;
      const annotations = workflow.metadata.annotations ?? {};
      // Written again when what the record holds arrives later: the failed log, the timeline.
      const version = `${phase}:${annotations[annotationKeys.retries] ?? 0}:${annotations[annotationKeys.failedStepLog] ? 1 : 0}:${annotations[annotationKeys.stepTimeline] ? 1 : 0}`;
      if (recorded.get(uid) === version) return Promise.resolve();
      const run = runStatusOf(workflow);
      const write = ledger
        .record(recordOf(workflow, run))
        .then(() => {
          recorded.set(uid, version);
        })
        .catch((error: unknown) =>
          log.warn(
            { err: error, run: run.name },
            "could not record the run; will write it when it is seen again",
          ),
        )
        .finally(() => writing.delete(write));
      writing.add(write);
      return Promise.resolve(); // never waits: the reporters go on
    },
    forget() {},
    async idle() {
      while (writing.size > 0) await Promise.allSettled([...writing]);
    },
  };
}
