// The GitHub reporter's write budget: one lane per installation (GitHub counts the rate limit per
// installation), fed by the x-ratelimit-* headers of every answer its clients get, and counted in
// /metrics. It paces the run reporter (a ReportPacer); the reporter keeps its own guarantees.
import type { ArgoObject } from "../cluster/argo-kinds.ts";
import type { Metrics } from "../metrics/metrics.ts";
import type { Release, ReportPacer } from "../watch/report-pacer.ts";
import type { Octokit } from "./check-runs.ts";
import { type HeaderValues, readRateLimit } from "./rate-limit.ts";
import type { InstallationAuth } from "./run-report-sink.ts";
import { type LaneOptions, realClock, WriteLane } from "./write-lane.ts";

/** Where a run's report goes and what it costs there. */
export interface ReportRequests {
  installationId: number;
  /** Requests that writing the report makes (each counts against the rate limit). */
  requests: number;
}

export interface WriteBudgetParts {
  /** The installation and cost of a run's report; undefined for a run not reported on GitHub. */
  requestsOf(workflow: ArgoObject, final: boolean): ReportRequests | undefined;
  metrics?: Metrics;
  options?: Partial<LaneOptions>;
}

export const defaultLaneOptions: LaneOptions = {
  defaultLimit: 5_000,
  defaultWindowMs: 3_600_000,
  reserveShare: 0.1,
  burstShare: 0.02,
  finalsHoldShare: 0.75,
  maxInFlight: 4,
  clock: realClock,
};

const granted: Release = () => {};

export class InstallationWriteBudget implements ReportPacer {
  readonly #parts: WriteBudgetParts;
  readonly #options: LaneOptions;
  readonly #lanes = new Map<number, WriteLane>();
  readonly #watched = new WeakSet<object>();

  constructor(parts: WriteBudgetParts) {
    this.#parts = parts;
    this.#options = { ...defaultLaneOptions, ...parts.options };
  }

  turn(key: string, workflow: ArgoObject, final: boolean): Promise<Release | undefined> {
    const target = this.#parts.requestsOf(workflow, final);
    if (!target) return Promise.resolve(granted);
    const finalRequests = final
      ? target.requests
      : (this.#parts.requestsOf(workflow, true)?.requests ?? 0);
    const turn = this.#lane(target.installationId).turn(
      key,
      { requests: target.requests, finalRequests },
      final,
    );
    this.#measureQueues();
    return turn.then((release) => {
      this.#measureQueues();
      return release;
    });
  }

  forget(key: string): void {
    for (const lane of this.#lanes.values()) lane.forget(key);
    this.#measureQueues();
  }

  /** What the installation has left in this window, as far as the budget knows. */
  remaining(installationId: number): number | undefined {
    return this.#lanes.get(installationId)?.remaining;
  }

  /** `auth`, whose clients tell the budget what each answer says of the installation's limit. */
  watching(auth: InstallationAuth): InstallationAuth {
    return async (installationId) => {
      const octokit = await auth(installationId);
      if (!this.#watched.has(octokit)) {
        this.#watched.add(octokit);
        this.#hook(octokit, installationId);
      }
      return octokit;
    };
  }

  stop(): void {
    for (const lane of this.#lanes.values()) lane.stop();
  }

  #hook(octokit: Octokit, installationId: number): void {
    octokit.hook.after("request", (response) => {
      this.#learn(installationId, response.status, response.headers as HeaderValues, "");
    });
    octokit.hook.error("request", (error) => {
      const answer = error as { status?: number; response?: { headers?: HeaderValues } };
      if (answer.status !== undefined && answer.response?.headers)
        this.#learn(installationId, answer.status, answer.response.headers, error.message);
      throw error;
    });
  }

  #learn(installationId: number, status: number, headers: HeaderValues, message: string): void {
    const reading = readRateLimit(status, headers, message, this.#options.clock.now());
    const lane = this.#lane(installationId);
    lane.learn(reading);
    const metrics = this.#parts.metrics;
    if (reading.refusedBy) metrics?.rateLimitRefusals.inc({ limit: reading.refusedBy });
    metrics?.rateLimitRemaining.set({ installation: String(installationId) }, lane.remaining);
  }

  #lane(installationId: number): WriteLane {
    let lane = this.#lanes.get(installationId);
    if (!lane) {
      const metrics = this.#parts.metrics;
      lane = new WriteLane(this.#options, {
        folded: (reason) => metrics?.reportsCoalesced.inc({ reason }),
        deferred: (final) => metrics?.reportsDeferred.inc({ kind: final ? "final" : "progress" }),
      });
      this.#lanes.set(installationId, lane);
    }
    return lane;
  }

  #measureQueues(): void {
    const metrics = this.#parts.metrics;
    if (!metrics) return;
    let finals = 0;
    let progress = 0;
    for (const lane of this.#lanes.values()) {
      finals += lane.queued.finals;
      progress += lane.queued.progress;
    }
    metrics.reportsQueued.set({ kind: "final" }, finals);
    metrics.reportsQueued.set({ kind: "progress" }, progress);
  }
}
