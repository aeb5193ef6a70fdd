// Reports runs as their Workflows change: progress while running (at most one write per run
// per interval, the final one always), then the exit notification exactly once. The phase
// already notified is recorded on the Workflow, so a restart neither loses nor repeats it. A
// pacer (GitHub's rate limit) may hold writes back: then final states go first, and a run waiting
// for its turn writes only its newest state. When a run ends, its steps' pods are read once for
// where its time went, which is kept on the Workflow with the failed step's log.
import type { Logger } from "pino";
import type { ArgoCluster } from "../cluster/argo-cluster.ts";
import type { ArgoObject } from "../cluster/argo-kinds.ts";
import type { CoreCluster } from "../cluster/core-cluster.ts";
import { annotationKeys } from "../cluster/labels.ts";
import { type RunStatus, runStatusOf } from "../runs/run-status.ts";
import { KeyedMutex } from "../util/keyed-mutex.ts";
import { keepFailedLog, keepTimeline } from "./kept-on-run.ts";
import type { ReportPacer } from "./report-pacer.ts";

/** Where runs are reported (GitHub, Slack). Each call must be safe to repeat. */
export interface RunReportSink {
  progress(workflow: ArgoObject, run: RunStatus): Promise<void>;
  /** Posts the exit notification unless it is already there. */
  notifyExit(workflow: ArgoObject, run: RunStatus): Promise<void>;
}

export interface RunReporterOptions {
  /** Least time between two progress writes of one running run. */
  intervalMs: number;
  /** Wait before trying again after a failed write; doubled after each failure in a row. */
  retryMs: number;
  /** The longest wait between tries (a channel that is gone is not hammered). */
  maxRetryMs: number;
  /**
   * Where the steps' pods are read: failed steps' logs, and the timeline of an ended run (none:
   * notifications carry no log and reports no timeline).
   */
  logs?: CoreCluster;
  /**
   * The annotation recording the phase this reporter's sink has notified. Each sink has its own,
   * so one that is down (Slack) neither holds up nor repeats another's (GitHub) notifications.
   */
  notifiedAnnotation: string;
  /** Told of every write to the sink and how it went (for metrics). */
  onWrite?: (outcome: "sent" | "failed") => void;
  /** Told once a run's end is notified and recorded, with the phase it ended in (for metrics). */
  onEnded?: (phase: string) => void;
  /**
   * When writes may go out (the sink's rate limit). With one, `observe` returns once the report
   * is queued, not written (a listing of many runs is not held up), and `drain` waits for it.
   */
  pacer?: ReportPacer;
}

interface Pending {
  latest: ArgoObject;
  timer?: NodeJS.Timeout;
  lastWrite: number;
  /** Failed writes in a row (the retry waits double with each). */
  failures: number;
}

export class RunReporter {
  readonly #cluster: ArgoCluster;
  readonly #sink: RunReportSink;
  readonly #log: Logger;
  readonly #options: RunReporterOptions;
  readonly #runs = new Map<string, Pending>();
  readonly #serial = new KeyedMutex();
  /** Each Workflow version's status, worked out once (compressed node status is costly). */
  readonly #statuses = new WeakMap<ArgoObject, RunStatus>();
  /** Reports waiting for the pacer or being written (drain waits for them). */
  readonly #reports = new Set<Promise<void>>();
  #stopped = false;

  constructor(
    cluster: ArgoCluster,
    sink: RunReportSink,
    log: Logger,
    options: Partial<RunReporterOptions> = {},
  ) {
    this.#cluster = cluster;
    this.#sink = sink;
    this.#log = log;
    this.#options = {
      intervalMs: 10_000,
      retryMs: 5_000,
      maxRetryMs: 300_000,
      notifiedAnnotation: annotationKeys.notifiedPhase,
      ...options,
    };
  }

  /** A Workflow was listed or changed. */
  observe(workflow: ArgoObject): Promise<void> {
    const key = keyOf(workflow);
    const pending = this.#runs.get(key) ?? { latest: workflow, lastWrite: 0, failures: 0 };
    pending.latest = workflow;
    this.#runs.set(key, pending);
    const run = this.#statusOf(workflow);
    if (run.finished) {
      clearTimeout(pending.timer);
      pending.timer = undefined;
      if (this.#notified(workflow, run)) {
        this.#runs.delete(key);
        return Promise.resolve();
      }
      return this.#report(key, true);
    }
    const wait = pending.lastWrite + this.#options.intervalMs - Date.now();
    if (wait <= 0 && !pending.timer) return this.#report(key, false);
    if (!pending.timer) pending.timer = setTimeout(() => void this.#flush(key), Math.max(wait, 0));
    return Promise.resolve();
  }

  /** A Workflow was deleted (pruned): nothing more to report. */
  forget(workflow: ArgoObject): void {
    const key = keyOf(workflow);
    clearTimeout(this.#runs.get(key)?.timer);
    this.#runs.delete(key);
    this.#options.pacer?.forget(key);
  }

  /** Writes what is scheduled now and waits for every write, queued ones too (tests, shutdown). */
  async drain(): Promise<void> {
    const scheduled: Promise<void>[] = [];
    for (const [key, pending] of this.#runs) {
      if (!pending.timer) continue;
      clearTimeout(pending.timer);
      pending.timer = undefined;
      scheduled.push(this.#report(key, this.#statusOf(pending.latest).finished));
    }
    await Promise.all(scheduled);
    while (this.#reports.size > 0) await Promise.all(this.#reports);
    for (const key of [...this.#runs.keys()]) await this.#serial.run(key, async () => {});
  }

  stop(): void {
    this.#stopped = true;
    for (const pending of this.#runs.values()) clearTimeout(pending.timer);
  }

  async #flush(key: string): Promise<void> {
    const pending = this.#runs.get(key);
    if (!pending || this.#stopped) return;
    pending.timer = undefined;
    await this.#report(key, false);
  }

  /** Writes the run's progress or final report, when the pacer gives it a turn. */
  #report(key: string, final: boolean): Promise<void> {
    const write = () =>
      this.#serial.run(key, () => (final ? this.#finish(key) : this.#writeProgress(key)));
    const pacer = this.#options.pacer;
    const pending = this.#runs.get(key);
    if (!pacer) return write();
    if (!pending || this.#stopped) return Promise.resolve();
    // An ended run's pods are read now, not when its turn comes: they may be gone by then.
    const kept = final
      ? this.#serial
          .run(key, () => this.#keepTimeline(pending))
          .catch((error) => this.#log.warn({ err: error, run: key }, "could not keep the timeline"))
      : Promise.resolve();
    const report: Promise<void> = kept
      .then(() => pacer.turn(key, pending.latest, final))
      .then(async (release) => {
        if (!release) return; // folded into the run's waiting or final report
        try {
          await write();
        } finally {
          release();
        }
      })
      .catch((error) => this.#log.warn({ err: error, run: key }, "run report failed"))
      .finally(() => this.#reports.delete(report));
    this.#reports.add(report);
    return Promise.resolve();
  }

  async #writeProgress(key: string): Promise<void> {
    const pending = this.#runs.get(key);
    if (!pending || this.#stopped) return;
    // A run that ended while its progress waited gets its final report instead.
    if (this.#statusOf(pending.latest).finished) return;
    try {
      await this.#keepFailedLog(pending);
      const workflow = pending.latest;
      await this.#sink.progress(workflow, this.#statusOf(workflow));
      pending.lastWrite = Date.now();
      pending.failures = 0;
      this.#options.onWrite?.("sent");
    } catch (error) {
      this.#options.onWrite?.("failed");
      this.#log.warn(
        { err: error, run: pending.latest.metadata.name },
        "run report failed; will retry",
      );
      this.#retryLater(key);
    }
  }

  async #finish(key: string): Promise<void> {
    const pending = this.#runs.get(key);
    if (!pending || this.#stopped) return;
    const run = this.#statusOf(pending.latest);
    const notified = this.#options.notifiedAnnotation;
    if (this.#notified(pending.latest, run)) {
      this.#runs.delete(key);
      return;
    }
    try {
      await this.#keepFailedLog(pending);
      await this.#keepTimeline(pending);
      const workflow = pending.latest;
      await this.#sink.progress(workflow, run);
      await this.#sink.notifyExit(workflow, run);
      await this.#cluster.mergePatch("Workflow", run.namespace, run.name, {
        metadata: { annotations: { [notified]: run.phase } },
      });
      this.#runs.delete(key);
      this.#options.onWrite?.("sent");
      this.#options.onEnded?.(run.phase);
      this.#log.info({ run: run.name, phase: run.phase }, "run reported as finished");
    } catch (error) {
      this.#options.onWrite?.("failed");
      this.#log.warn({ err: error, run: run.name }, "exit notification failed; will retry");
      this.#retryLater(key);
    }
  }

  /** The first failed step's log, read as soon as the failure is seen (its pod may go soon). */
  async #keepFailedLog(pending: Pending): Promise<void> {
    const core = this.#options.logs;
    const workflow = pending.latest;
    if (!core) return;
    const kept = await keepFailedLog(this.#cluster, core, workflow, this.#statusOf(workflow));
    if (kept) pending.latest = kept;
  }

  /** Where an ended run's time went, read once from its pods (they may go soon after). */
  async #keepTimeline(pending: Pending): Promise<void> {
    const core = this.#options.logs;
    const workflow = pending.latest;
    if (!core || this.#stopped) return;
    const run = this.#statusOf(workflow);
    const kept = await keepTimeline(this.#cluster, core, workflow, run, this.#log);
    if (kept) pending.latest = kept;
  }

  /** The run's end was already notified through this sink (recorded on the Workflow). */
  #notified(workflow: ArgoObject, run: RunStatus): boolean {
    return workflow.metadata.annotations?.[this.#options.notifiedAnnotation] === run.phase;
  }

  #statusOf(workflow: ArgoObject): RunStatus {
    let status = this.#statuses.get(workflow);
    if (!status) {
      status = runStatusOf(workflow);
      this.#statuses.set(workflow, status);
    }
    return status;
  }

  #retryLater(key: string): void {
    const pending = this.#runs.get(key);
    if (!pending || this.#stopped || pending.timer) return;
    const wait = Math.min(this.#options.retryMs * 2 ** pending.failures, this.#options.maxRetryMs);
    pending.failures++;
    pending.timer = setTimeout(() => {
      pending.timer = undefined;
      void this.observe(pending.latest);
    }, wait);
  }
}

function keyOf(workflow: ArgoObject): string {
  return `${workflow.metadata.namespace}/${workflow.metadata.name}`;
}
