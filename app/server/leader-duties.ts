// What only the leader does: watch and report runs (GitHub, Slack), prune finished runs,
// repair check runs left in progress, and reconcile the synced definitions with Git. Started when this replica wins the lease, stopped when
// it loses it or shuts down.
import type { webApi } from "@slack/bolt";
import type { Probot } from "probot";
import type { Octokit } from "../github/check-runs.ts";
import { Reconciler, type ReconcilerOptions } from "../github/reconciler.ts";
import { type RepairResult, repairCheckRuns } from "../github/repair-check-runs.ts";
import { InstallationRepositories } from "../github/served-repositories.ts";
import type { SyncRunner } from "../github/sync-runner.ts";
import type { LeaderDuties } from "../leader/leader-elector.ts";
import { type PruneLoop, startPruneLoop } from "../prune/prune-loop.ts";
import { slackDriftNotifier } from "../slack/slack-drift-notifier.ts";
import type { Services } from "../use-cases/services.ts";
import { RunWatcher } from "../watch/run-watcher.ts";
import { type RunReporting, startRunReporting } from "./run-reporting.ts";

export interface ReportingPruningRepair extends LeaderDuties {
  /** The parts running now (undefined while not leading). */
  readonly reporting: RunReporting | undefined;
  readonly pruner: PruneLoop | undefined;
  readonly reconciler: Reconciler | undefined;
  /** One repair pass now (tests; the leader also runs one every 10 minutes). */
  repair(): Promise<RepairResult | undefined>;
}

const repairEveryMs = 600_000;

export interface LeaderDutiesOptions {
  argoUiUrl?: string;
  /** coxswain's public address when the run history pages are on (reports link to them). */
  historyUrl?: string;
  githubUrl?: string;
  slack?: webApi.WebClient;
  /** Prune finished runs (default true). */
  prune?: boolean;
  /** Repair stuck check runs every 10 minutes (default true). */
  repair?: boolean;
  /** The syncs a reconcile starts for a commit no push reported (shared with the webhooks). */
  sync?: SyncRunner;
  /** Reconcile the definitions with Git (default true when `sync` is given); pace for tests. */
  reconcile?: boolean | Partial<ReconcilerOptions>;
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
  let reconciler: Reconciler | undefined;
  let definitionWatchers: RunWatcher[] = [];
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
    get reconciler() {
      return reconciler;
    },
    async start() {
      reporting = await startRunReporting(probot, deps, {
        ...(options.argoUiUrl ? { argoUiUrl: options.argoUiUrl } : {}),
        ...(options.historyUrl ? { historyUrl: options.historyUrl } : {}),
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
      if (options.sync && options.reconcile !== false) {
        reconciler = startReconciler(probot, deps, options.sync, options);
        definitionWatchers = await watchDefinitions(probot, deps, reconciler);
      }
      deps.metrics?.leader.set(1);
    },
    async stop() {
      clearInterval(repairTimer);
      for (const watcher of definitionWatchers) watcher.stop();
      definitionWatchers = [];
      await reconciler?.stop();
      reconciler = undefined;
      reporting?.stop();
      reporting = undefined;
      await pruner?.stop();
      pruner = undefined;
      deps.metrics?.leader.set(0);
    },
  };
}

function startReconciler(
  probot: Probot,
  deps: Services,
  sync: SyncRunner,
  options: LeaderDutiesOptions,
): Reconciler {
  const asApp = async () => (await probot.auth()) as unknown as Octokit;
  const asInstallation = async (id: number) => (await probot.auth(id)) as unknown as Octokit;
  const pace = typeof options.reconcile === "object" ? options.reconcile : {};
  const reconciler = new Reconciler(
    {
      services: deps,
      sync,
      listing: new InstallationRepositories(asApp, asInstallation),
      asInstallation,
      notifyDrift: options.slack ? slackDriftNotifier(options.slack) : async () => {},
      log: probot.log.child({ name: "reconcile" }),
    },
    {
      everyMs: deps.server.reconcile.every * 1000,
      concurrency: deps.server.reconcile.concurrency,
      debounceMs: 1_000,
      firstPassAfterMs: 5_000,
      ...pace,
    },
  );
  reconciler.start();
  return reconciler;
}

/** Watches the synced definitions: a change by anyone but coxswain reconciles its repository. */
async function watchDefinitions(
  probot: Probot,
  deps: Services,
  reconciler: Reconciler,
): Promise<RunWatcher[]> {
  const log = probot.log.child({ name: "definition-watch" });
  return Promise.all(
    (["WorkflowTemplate", "CronWorkflow"] as const).map(async (kind) => {
      const watcher = new RunWatcher(
        deps.cluster,
        {
          observe: async (object) => reconciler.touched(object),
          forget: (object) => reconciler.touched(object, true),
        },
        log,
        { kind },
      );
      await watcher.start();
      return watcher;
    }),
  );
}
