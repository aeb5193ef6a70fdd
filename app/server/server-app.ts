// Everything the HTTP server serves besides Probot's own routes: health, Slack's requests
// (when Slack is configured), then the GitHub App, and (when asked) the watcher that reports
// every managed run on GitHub and in Slack.
import type { ApplicationFunction, Probot } from "probot";
import type { SlackSettings } from "../config/env.ts";
import type { AppDeps } from "../github/app-deps.ts";
import type { Octokit } from "../github/check-runs.ts";
import { coxswainApp } from "../github/coxswain-app.ts";
import { type RunReporting, startRunReporting } from "../github/run-reporting.ts";
import { createSlackApp, type SlackApp } from "../slack/slack-app.ts";
import { SlackIdentities } from "../slack/slack-identity.ts";
import type { InstallationFor } from "../slack/slack-repository.ts";
import { healthHandler } from "./health.ts";

export interface ServerAppOptions {
  /** Watch managed Workflows and report them on GitHub (and in Slack). */
  reportRuns?: boolean;
  argoUiUrl?: string;
  githubUrl?: string;
  slack?: SlackSettings;
  /** Retries of a failed Slack call inside the client (default 5; the reporters retry too). */
  slackClientRetries?: number;
  /** Called once everything is started (tests reach the parts through it). */
  started?: (parts: { slack?: SlackApp; reporting?: RunReporting }) => void;
}

export function serverApp(deps: AppDeps, options: ServerAppOptions = {}): ApplicationFunction {
  const app = coxswainApp(deps);
  return async (probot, appOptions) => {
    appOptions.addHandler(healthHandler);
    const slack = options.slack
      ? createSlackApp(
          options.slack,
          {
            deps,
            installationFor: installationsOf(probot),
            identities: (client) => new SlackIdentities(deps.server.slack, client),
          },
          probot.log,
          options.slackClientRetries,
        )
      : undefined;
    if (slack) {
      appOptions.addHandler((req, res) => slack.handle(req, res));
      await slack.start();
    }
    await app(probot, appOptions);
    const reporting = options.reportRuns
      ? await startRunReporting(probot, deps, {
          ...(options.argoUiUrl ? { argoUiUrl: options.argoUiUrl } : {}),
          ...(options.githubUrl ? { githubUrl: options.githubUrl } : {}),
          ...(slack ? { slack: slack.client } : {}),
        })
      : undefined;
    options.started?.({
      ...(slack ? { slack } : {}),
      ...(reporting ? { reporting } : {}),
    });
  };
}

/** The App's client for a repository's installation, found by asking GitHub as the App. */
function installationsOf(probot: Probot): InstallationFor {
  return async (fullName) => {
    const [owner = "", repo = ""] = fullName.split("/");
    const asApp = (await probot.auth()) as unknown as Octokit;
    try {
      const { data } = await asApp.rest.apps.getRepoInstallation({ owner, repo });
      return {
        installationId: data.id,
        octokit: (await probot.auth(data.id)) as unknown as Octokit,
      };
    } catch (error) {
      if ((error as { status?: number }).status === 404) return undefined;
      throw error;
    }
  };
}
