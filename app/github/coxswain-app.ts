// The Probot application: which GitHub events coxswain listens to and who handles them.
import type { ApplicationFunction } from "probot";
import type { AppDeps } from "./app-deps.ts";
import { pullRequestHandler } from "./on-pull-request.ts";
import { pushHandler } from "./on-push.ts";

export function coxswainApp(deps: AppDeps): ApplicationFunction {
  return (app) => {
    const withLog = { ...deps, log: deps.log ?? app.log };
    app.on("push", pushHandler(withLog));
    app.on(
      ["pull_request.opened", "pull_request.synchronize", "pull_request.reopened"],
      pullRequestHandler(withLog),
    );
  };
}
