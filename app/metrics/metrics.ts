// What coxswain counts, in Prometheus' format at /metrics (prom-client). One registry per app
// instance, handed to the parts that count, so two instances in one process (tests) do not mix.
import { Counter, Gauge, Histogram, Registry } from "prom-client";

export interface Metrics {
  registry: Registry;
  webhooks: Counter<"event" | "outcome">;
  syncDuration: Histogram<"outcome">;
  runsStarted: Counter<"trigger">;
  runsEnded: Counter<"phase">;
  notifications: Counter<"channel" | "outcome">;
  pruneDeletions: Counter<"reason">;
  watchRestarts: Counter;
  untrustedRuns: Counter<"reason">;
  drift: Counter<"change" | "action">;
  reconcilePasses: Counter<"outcome">;
  reconciledRepositories: Counter<"outcome">;
  removals: Counter<"action">;
  leader: Gauge;
  reportsDeferred: Counter<"kind">;
  reportsCoalesced: Counter<"reason">;
  reportsQueued: Gauge<"kind">;
  rateLimitRemaining: Gauge<"installation">;
  rateLimitRefusals: Counter<"limit">;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  const registers = [registry];
  return {
    registry,
    webhooks: new Counter({
      name: "coxswain_webhooks_total",
      help: "GitHub webhooks handled, by event and outcome (ok, error)",
      labelNames: ["event", "outcome"],
      registers,
    }),
    syncDuration: new Histogram({
      name: "coxswain_sync_duration_seconds",
      help: "Syncs of a repository's definitions, by outcome (success, failure, superseded)",
      labelNames: ["outcome"],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    runsStarted: new Counter({
      name: "coxswain_runs_started_total",
      help: "Runs started, by trigger (merge, pull-request, comment, slack, check-rerun, cli)",
      labelNames: ["trigger"],
      registers,
    }),
    runsEnded: new Counter({
      name: "coxswain_runs_ended_total",
      help: "Runs that ended, by phase (Succeeded, Failed, Error), counted once each when the leader records its exit notification on GitHub",
      labelNames: ["phase"],
      registers,
    }),
    notifications: new Counter({
      name: "coxswain_notifications_total",
      help: "Run reports written, by channel (github, slack) and outcome (sent, failed)",
      labelNames: ["channel", "outcome"],
      registers,
    }),
    pruneDeletions: new Counter({
      name: "coxswain_prune_deletions_total",
      help: "Finished runs deleted by retention, by reason (keepLast, maxAge)",
      labelNames: ["reason"],
      registers,
    }),
    watchRestarts: new Counter({
      name: "coxswain_watch_restarts_total",
      help: "Times the run watcher listed and watched again (after an error or expiry)",
      registers,
    }),
    untrustedRuns: new Counter({
      name: "coxswain_untrusted_runs_total",
      help: "Managed-looking runs reported nowhere because their identity did not verify, by reason (unsigned, forged, foreign-namespace)",
      labelNames: ["reason"],
      registers,
    }),
    drift: new Counter({
      name: "coxswain_drift_total",
      help: "Synced objects found changed outside Git, by change (changed, deleted, added) and action (reverted, reported)",
      labelNames: ["change", "action"],
      registers,
    }),
    reconcilePasses: new Counter({
      name: "coxswain_reconcile_passes_total",
      help: "Periodic passes over every served repository, by outcome (complete, partial: a listing failed, so nothing was removed)",
      labelNames: ["outcome"],
      registers,
    }),
    reconciledRepositories: new Counter({
      name: "coxswain_reconciled_repositories_total",
      help: "Repositories reconciled, by outcome (in-sync, caught-up: a commit the webhooks missed was synced, drift, invalid, failed)",
      labelNames: ["outcome"],
      registers,
    }),
    removals: new Counter({
      name: "coxswain_repository_removals_total",
      help: "Repositories coxswain stopped serving, by what happened to their objects (kept, pruned)",
      labelNames: ["action"],
      registers,
    }),
    leader: new Gauge({
      name: "coxswain_leader",
      help: "1 while this replica holds the lease and runs the watcher and pruner",
      registers,
    }),
    reportsDeferred: new Counter({
      name: "coxswain_github_reports_deferred_total",
      help: "Run reports that waited for their installation's GitHub write budget, by kind (final, progress)",
      labelNames: ["kind"],
      registers,
    }),
    reportsCoalesced: new Counter({
      name: "coxswain_github_reports_coalesced_total",
      help: "Progress reports folded into another of the same run while waiting for budget, by reason (newer-state: the waiting write takes the newest state; run-ended: the final report replaces it)",
      labelNames: ["reason"],
      registers,
    }),
    reportsQueued: new Gauge({
      name: "coxswain_github_reports_queued",
      help: "Run reports waiting for GitHub write budget now, by kind (final, progress)",
      labelNames: ["kind"],
      registers,
    }),
    rateLimitRemaining: new Gauge({
      name: "coxswain_github_rate_limit_remaining",
      help: "Requests the installation has left in its GitHub rate-limit window (x-ratelimit-remaining of the last answer), by installation id",
      labelNames: ["installation"],
      registers,
    }),
    rateLimitRefusals: new Counter({
      name: "coxswain_github_rate_limit_refusals_total",
      help: "GitHub answers (403, 429) that refused a report's request for its rate, by limit (primary, secondary); the budget waits until the reset or retry-after",
      labelNames: ["limit"],
      registers,
    }),
  };
}
