// What only the leader does: watch and report runs (GitHub, Slack), prune finished runs, and
// repair check runs left in progress. Started when this replica wins the lease, stopped when
// it loses it or shuts down.
import type { webApi } from "@slack/bolt";
import type { Probot } from "probot";
import type { AppDeps } from "../github/app-deps.ts";
import { type RunReporting, startRunReporting } from "../github/run-reporting.ts";
import type { LeaderDuties } from "../leader/leader-elector.ts";
import { type PruneLoop, startPruneLoop } from "../prune/prune-loop.ts";

export interface LeaderWork extends LeaderDuties {
  /** The parts running now (undefined while not leading). */
  readonly reporting: RunReporting | undefined;
  readonly pruner: PruneLoop | undefined;
}

export interface LeaderWorkOptions {
  argoUiUrl?: string;
  githubUrl?: string;
  slack?: webApi.WebClient;
  /** Prune finished runs (default true). */
  prune?: boolean;
  /** Reporter pace, for tests. */
  intervalMs?: number;
  retryMs?: number;
}

export function leaderWork(probot: Probot, deps: AppDeps, options: LeaderWorkOptions): LeaderWork {
  let reporting: RunReporting | undefined;
  let pruner: PruneLoop | undefined;
  return {
    get reporting() {
      return reporting;
    },
    get pruner() {
      return pruner;
    },
    async start() {
      reporting = await startRunReporting(probot, deps, {
        ...(options.argoUiUrl ? { argoUiUrl: options.argoUiUrl } : {}),
        ...(options.githubUrl ? { githubUrl: options.githubUrl } : {}),
        ...(options.slack ? { slack: options.slack } : {}),
        ...(options.intervalMs !== undefined ? { intervalMs: options.intervalMs } : {}),
        ...(options.retryMs !== undefined ? { retryMs: options.retryMs } : {}),
      });
      if (options.prune !== false)
        pruner = startPruneLoop(deps.cluster, deps.server.retention, probot.log, deps.metrics);
      deps.metrics?.leader.set(1);
    },
    async stop() {
      reporting?.stop();
      reporting = undefined;
      await pruner?.stop();
      pruner = undefined;
      deps.metrics?.leader.set(0);
    },
  };
}
