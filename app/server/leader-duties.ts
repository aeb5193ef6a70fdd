// What only the leader does: watch and report runs (GitHub, Slack), prune finished runs, and
// repair check runs left in progress. Started when this replica wins the lease, stopped when
// it loses it or shuts down.
import type { webApi } from "@slack/bolt";
import type { Probot } from "probot";
import type { Octokit } from "../github/check-runs.ts";
import { type RepairResult, repairCheckRuns } from "../github/repair-check-runs.ts";
import type { LeaderDuties } from "../leader/leader-elector.ts";
import { type PruneLoop, startPruneLoop } from "../prune/prune-loop.ts";
import type { Services } from "../use-cases/services.ts";
import { type RunReporting, startRunReporting } from "./run-reporting.ts";

export interface ReportingPruningRepair extends LeaderDuties {
  /** The parts running now (undefined while not leading). */
  readonly reporting: RunReporting | undefined;
  readonly pruner: PruneLoop | undefined;
  /** One repair pass now (tests; the leader also runs one every 10 minutes). */
  repair(): Promise<RepairResult | undefined>;
}

const repairEveryMs = 600_000;

export interface LeaderDutiesOptions {
  argoUiUrl?: string;
  githubUrl?: string;
  slack?: webApi.WebClient;
  /** Prune finished runs (default true). */
  prune?: boolean;
  /** Repair stuck check runs every 10 minutes (default true). */
  repair?: boolean;
  /** Reporter pace, for tests. */
  intervalMs?: number;
  retryMs?: number;
}

export function leaderDuties(
  probot: Probot,
  deps: Services,
  options: LeaderDutiesOptions,
): ReportingPruningRepair {
  let reporting: RunReporting | undefined;
  let pruner: PruneLoop | undefined;
  let repairTimer: NodeJS.Timeout | undefined;
  const log = probot.log.child({ name: "repair" });
  const repair = async (): Promise<RepairResult | undefined> => {
    const current = reporting;
    if (!current) return undefined;
    try {
      return await repairCheckRuns({
        asApp: async () => (await probot.auth()) as unknown as Octokit,
        asInstallation: async (id) => (await probot.auth(id)) as unknown as Octokit,
        cluster: deps.cluster,
        server: deps.server,
        observe: current.observe,
        log,
      });
    } catch (error) {
      log.warn({ err: error }, "repair pass failed; trying again at the next one");
      return undefined;
    }
  };
  return {
    repair,
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
        pruner = startPruneLoop(
          deps.cluster,
          deps.server.retention,
          probot.log,
          deps.metrics,
          deps.ledger,
        );
      if (options.repair !== false) {
        repairTimer = setInterval(() => void repair(), repairEveryMs);
        repairTimer.unref();
      }
      deps.metrics?.leader.set(1);
    },
    async stop() {
      clearInterval(repairTimer);
      reporting?.stop();
      reporting = undefined;
      await pruner?.stop();
      pruner = undefined;
      deps.metrics?.leader.set(0);
    },
  };
}
