// Everything the HTTP server serves besides Probot's own routes: health, readiness and
// metrics, Slack's requests (when Slack is configured), then the GitHub App; and the leader's
// work (reporting runs, pruning), behind leader election when a lease is given.
import type { Logger } from "pino";
import type { ApplicationFunction, Probot } from "probot";
import type { LeaseStore } from "../cluster/lease-store.ts";
import type { SlackSettings } from "../config/env.ts";
import { coxswainApp } from "../github/coxswain-app.ts";
import { installationGateways } from "../github/installation-gateways.ts";
import { syncRunner } from "../github/sync-runner.ts";
import { LeaderElector, type LeaderOptions } from "../leader/leader-elector.ts";
import { createSlackApp, type SlackApp } from "../slack/slack-app.ts";
import { SlackIdentities } from "../slack/slack-identity.ts";
import type { Services } from "../use-cases/services.ts";
import { type RunsSiteSettings, runsSite } from "../web/runs-site.ts";
import { boundWebhookBodies } from "./bounded-webhooks.ts";
import { healthHandler, metricsHandler, readinessHandler } from "./health.ts";
import {
  type LeaderDutiesOptions,
  leaderDuties,
  type ReportingPruningRepair,
} from "./leader-duties.ts";

export interface ServerAppOptions
  extends Pick<LeaderDutiesOptions, "intervalMs" | "retryMs" | "prune" | "reconcile"> {
  /** Do the leader's work: watch and report runs, prune (with `leader`, only when elected). */
  reportRuns?: boolean;
  /** Elect one leader among the replicas through this lease. */
  leader?: { store: LeaseStore; options: LeaderOptions };
  argoUiUrl?: string;
  githubUrl?: string;
  slack?: SlackSettings;
  /** Retries of a failed Slack call inside the client (default 5; the reporters retry too). */
  slackClientRetries?: number;
  /** Serve the run history pages under /runs (sign-in with GitHub). */
  web?: RunsSiteSettings;
  /** Called once everything is started (main.ts shuts them down, tests look at them). */
  started?: (parts: ServerParts) => void;
}

export interface ServerParts {
  log: Logger;
  slack?: SlackApp;
  work?: ReportingPruningRepair;
  elector?: LeaderElector;
  /** Set when shutting down: /readyz answers 503 so no new traffic is sent here. */
  drain(): void;
}

export function serverApp(deps: Services, options: ServerAppOptions = {}): ApplicationFunction {
  const sync = syncRunner(deps);
  const app = coxswainApp(deps, sync);
  return async (probot, appOptions) => {
    boundWebhookBodies(probot, deps.inFlight ? { inFlight: deps.inFlight } : {});
    let draining = false;
    appOptions.addHandler(healthHandler);
    appOptions.addHandler(readinessHandler(deps.cluster, () => draining));
    if (deps.metrics) appOptions.addHandler(metricsHandler(deps.metrics));
    const slack = options.slack ? slackApp(probot, deps, options.slack, options) : undefined;
    if (slack) {
      appOptions.addHandler((req, res) => slack.handle(req, res));
      await slack.start();
    }
    if (options.web)
      appOptions.addHandler(
        runsSite(
          options.web,
          { services: deps, gatewayFor: installationGateways(probot, deps) },
          probot.log,
        ),
      );
    await app(probot, appOptions);
    const work = options.reportRuns
      ? leaderDuties(probot, deps, { ...workOptions(options, slack), sync })
      : undefined;
    let elector: LeaderElector | undefined;
    if (work && options.leader) {
      elector = new LeaderElector(options.leader.store, options.leader.options, work, probot.log);
      elector.start();
    } else if (work) {
      await work.start();
    }
    options.started?.({
      log: probot.log,
      ...(slack ? { slack } : {}),
      ...(work ? { work } : {}),
      ...(elector ? { elector } : {}),
      drain: () => {
        draining = true;
      },
    });
  };
}

function slackApp(
  probot: Probot,
  deps: Services,
  settings: SlackSettings,
  options: ServerAppOptions,
): SlackApp {
  return createSlackApp(
    settings,
    {
      services: deps,
      gatewayFor: installationGateways(probot, deps),
      identities: (client) => new SlackIdentities(deps.server.slack, client),
    },
    probot.log,
    options.slackClientRetries,
  );
}

function workOptions(options: ServerAppOptions, slack: SlackApp | undefined): LeaderDutiesOptions {
  return {
    ...(options.argoUiUrl ? { argoUiUrl: options.argoUiUrl } : {}),
    ...(options.web ? { historyUrl: options.web.publicUrl } : {}),
    ...(options.githubUrl ? { githubUrl: options.githubUrl } : {}),
    ...(slack ? { slack: slack.client } : {}),
    ...(options.intervalMs !== undefined ? { intervalMs: options.intervalMs } : {}),
    ...(options.retryMs !== undefined ? { retryMs: options.retryMs } : {}),
    ...(options.prune !== undefined ? { prune: options.prune } : {}),
    ...(options.reconcile !== undefined ? { reconcile: options.reconcile } : {}),
  };
}
