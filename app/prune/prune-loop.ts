// The leader prunes every few minutes (the server policy's retention.every); one pass at a
// time, a failed pass logged and tried again at the next tick.
import type { Logger } from "pino";
import type { ArgoCluster } from "../cluster/argo-cluster.ts";
import type { ServerRetention } from "../config/retention-config.ts";
import type { RunLedger } from "../ledger/run-ledger.ts";
import type { Metrics } from "../metrics/metrics.ts";
import { pruneRuns } from "./prune-runs.ts";

export interface PruneLoop {
  /** One pass now (tests, and the first one at start). */
  runOnce(): Promise<void>;
  stop(): Promise<void>;
}

export function startPruneLoop(
  cluster: ArgoCluster,
  retention: ServerRetention,
  log: Logger,
  metrics?: Metrics,
  ledger?: RunLedger,
): PruneLoop {
  const prunerLog = log.child({ name: "prune" });
  let pass: Promise<void> = Promise.resolve();
  let stopped = false;
  const runOnce = () => {
    pass = pass.then(async () => {
      if (stopped) return;
      try {
        const result = await pruneRuns(cluster, retention, {
          dryRun: false,
          onDeleted: (decision) => {
            metrics?.pruneDeletions.inc({ reason: decision.reason });
            prunerLog.info(
              { run: `${decision.run.namespace}/${decision.run.name}`, why: decision.why },
              "pruned a run",
            );
          },
        });
        if (result.deleted > 0) prunerLog.info({ deleted: result.deleted }, "prune pass done");
        // Records have their own retention: they outlive the runs by design.
        const forgotten = await ledger?.forgetBefore(Date.now() - retention.records * 1000);
        if (forgotten) prunerLog.info({ forgotten }, "forgot old run records");
      } catch (error) {
        prunerLog.warn({ err: error }, "prune pass failed; trying again at the next one");
      }
    });
    return pass;
  };
  const timer = setInterval(() => void runOnce(), retention.every * 1000);
  timer.unref();
  void runOnce();
  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await pass;
    },
  };
}
