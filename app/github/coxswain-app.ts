// The Probot application: which GitHub events coxswain listens to and who handles them.
import type { ApplicationFunction } from "probot";
import type { Services } from "../use-cases/services.ts";
import { checkRerunHandler } from "./on-check-rerun.ts";
import { commentHandler } from "./on-comment.ts";
import { installedHandler, uninstalledHandler } from "./on-installation.ts";
import { pullRequestHandler } from "./on-pull-request.ts";
import { pullRequestClosedHandler } from "./on-pull-request-closed.ts";
import { pushHandler } from "./on-push.ts";
import { repositoryChangedHandler } from "./on-repository.ts";
import { type SyncRunner, syncRunner } from "./sync-runner.ts";

export function coxswainApp(
  deps: Services,
  sync: SyncRunner = syncRunner(deps),
): ApplicationFunction {
  return (app) => {
    const measuredAndTracked =
      <C extends { name: string }>(handler: (context: C) => Promise<void>) =>
      async (context: C) => {
        try {
          const handled = handler(context);
          await (deps.inFlight ? deps.inFlight.track(handled) : handled);
          deps.metrics?.webhooks.inc({ event: context.name, outcome: "ok" });
        } catch (error) {
          deps.metrics?.webhooks.inc({ event: context.name, outcome: "error" });
          throw error;
        }
      };
    app.on("push", measuredAndTracked(pushHandler(deps, sync)));
    app.on(
      ["pull_request.opened", "pull_request.synchronize", "pull_request.reopened"],
      measuredAndTracked(pullRequestHandler(deps)),
    );
    app.on("check_run.rerequested", measuredAndTracked(checkRerunHandler(deps, sync)));
    app.on("issue_comment.created", measuredAndTracked(commentHandler(deps)));
    app.on("pull_request.closed", measuredAndTracked(pullRequestClosedHandler(deps)));
    app.on(
      ["installation.created", "installation_repositories.added"],
      measuredAndTracked(installedHandler(deps, sync)),
    );
    app.on(
      ["installation.deleted", "installation_repositories.removed"],
      measuredAndTracked(uninstalledHandler(deps)),
    );
    app.on(
      ["repository.renamed", "repository.transferred", "repository.edited"],
      measuredAndTracked(repositoryChangedHandler(deps, sync)),
    );
  };
}
