// Everything the HTTP server serves besides Probot's own routes: health, then the GitHub App,
// and (when asked) the watcher that reports every managed run.
import type { ApplicationFunction } from "probot";
import type { AppDeps } from "../github/app-deps.ts";
import { coxswainApp } from "../github/coxswain-app.ts";
import { startRunReporting } from "../github/run-reporting.ts";
import { healthHandler } from "./health.ts";

export interface ServerAppOptions {
  /** Watch managed Workflows and report them on GitHub. */
  reportRuns?: boolean;
  argoUiUrl?: string;
}

export function serverApp(deps: AppDeps, options: ServerAppOptions = {}): ApplicationFunction {
  const app = coxswainApp(deps);
  return async (probot, appOptions) => {
    appOptions.addHandler(healthHandler);
    await app(probot, appOptions);
    if (options.reportRuns) {
      await startRunReporting(
        probot,
        deps,
        options.argoUiUrl ? { argoUiUrl: options.argoUiUrl } : {},
      );
    }
  };
}
