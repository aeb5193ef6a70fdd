// Starts reporting every managed run on GitHub: the watcher feeds the reporter, which writes
// through the App's installations.
import type { Probot } from "probot";
import type { ReportLinks } from "../report/render-run-report.ts";
import { RunReporter, type RunReporterOptions } from "../watch/run-reporter.ts";
import { RunWatcher } from "../watch/run-watcher.ts";
import type { AppDeps } from "./app-deps.ts";
import type { Octokit } from "./check-runs.ts";
import { githubRunReportSink } from "./run-report-sink.ts";

export interface RunReporting {
  watcher: RunWatcher;
  reporter: RunReporter;
  stop(): void;
}

export async function startRunReporting(
  probot: Probot,
  deps: AppDeps,
  options: Partial<RunReporterOptions> & ReportLinks & { namespace?: string } = {},
): Promise<RunReporting> {
  const auth = async (installationId: number) =>
    (await probot.auth(installationId)) as unknown as Octokit;
  const links: ReportLinks = options.argoUiUrl ? { argoUiUrl: options.argoUiUrl } : {};
  const log = probot.log.child({ name: "runs" });
  const reporter = new RunReporter(deps.cluster, githubRunReportSink(auth, links), log, {
    logs: deps.core,
    ...options,
  });
  const watcher = new RunWatcher(
    deps.cluster,
    reporter,
    log,
    options.namespace ? { namespace: options.namespace } : {},
  );
  await watcher.start();
  return {
    watcher,
    reporter,
    stop() {
      watcher.stop();
      reporter.stop();
    },
  };
}
