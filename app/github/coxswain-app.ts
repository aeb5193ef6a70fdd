// The Probot application: which GitHub events coxswain listens to and who handles them.
import type { ApplicationFunction } from "probot";
import type { AppDeps } from "./app-deps.ts";
import { checkRerunHandler } from "./on-check-rerun.ts";
import { commentHandler } from "./on-comment.ts";
import { pullRequestHandler } from "./on-pull-request.ts";
import { pushHandler } from "./on-push.ts";
import { syncRunner } from "./sync-runner.ts";

export function coxswainApp(deps: AppDeps): ApplicationFunction {
  return (app) => {
    const sync = syncRunner(deps);
    app.on("push", pushHandler(deps, sync));
    app.on(
      ["pull_request.opened", "pull_request.synchronize", "pull_request.reopened"],
      pullRequestHandler(deps),
    );
    app.on("check_run.rerequested", checkRerunHandler(deps, sync));
    app.on("issue_comment.created", commentHandler(deps));
  };
}
