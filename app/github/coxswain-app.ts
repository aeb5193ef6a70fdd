// The Probot application: which GitHub events coxswain listens to and who handles them.
import type { ApplicationFunction } from "probot";
import type { AppDeps } from "./app-deps.ts";
import { pushHandler } from "./on-push.ts";

export function coxswainApp(deps: AppDeps): ApplicationFunction {
  return (app) => {
    app.on("push", pushHandler({ ...deps, log: deps.log ?? app.log }));
  };
}
