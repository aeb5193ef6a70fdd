// Everything the HTTP server serves besides Probot's own routes: health, then the GitHub App.
import type { ApplicationFunction } from "probot";
import type { AppDeps } from "../github/app-deps.ts";
import { coxswainApp } from "../github/coxswain-app.ts";
import { healthHandler } from "./health.ts";

export function serverApp(deps: AppDeps): ApplicationFunction {
  const app = coxswainApp(deps);
  return (probot, options) => {
    options.addHandler(healthHandler);
    return app(probot, options);
  };
}
