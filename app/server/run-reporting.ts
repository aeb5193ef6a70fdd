// Starts reporting every managed run: the watcher feeds one reporter per channel (GitHub
// always, Slack when configured). Each reporter keeps its own pace, retries and record of
// what it notified, so Slack being down never holds up or repeats GitHub's reports. GitHub's
// reporter is paced by a write budget per installation, read from GitHub's rate-limit headers.
import type { webApi } from "@slack/bolt";
import type { Probot } from "probot";
import type { ArgoObject } from "../cluster/argo-kinds.ts";
import { annotationKeys } from "../cluster/labels.ts";
import type { Octokit } from "../github/check-runs.ts";
import { metricsBaseline } from "../github/metrics-baseline.ts";
import { githubRunReportSink, reportRequests } from "../github/run-report-sink.ts";
import { InstallationWriteBudget } from "../github/write-budget.ts";
import type { LaneOptions } from "../github/write-lane.ts";
import { ledgerRecorder } from "../ledger/ledger-recorder.ts";
import type { ReportLinks } from "../report/render-run-report.ts";
import { checkRunIdentity } from "../runs/run-identity.ts";
import { slackRunReportSink } from "../slack/slack-run-sink.ts";
import type { Services } from "../use-cases/services.ts";
import { RunReporter, type RunReporterOptions } from "../watch/run-reporter.ts";
import { type RunEvents, RunWatcher } from "../watch/run-watcher.ts";
import { onlyTrustedRuns } from "../watch/trusted-runs.ts";

export interface RunReporting {
  watcher: RunWatcher;
  reporters: RunReporter[];
  /** Hands a run to every reporter (the repair pass gives back the ones it finds ended). */
  observe(workflow: ArgoObject): Promise<void>;
  /** Waits for every scheduled write of every reporter (tests, shutdown). */
  drain(): Promise<void>;
  stop(): void;
}

export interface RunReportingOptions extends Partial<RunReporterOptions>, ReportLinks {
  namespace?: string;
  /** Announce runs in Slack through this client. */
  slack?: webApi.WebClient;
  githubUrl?: string;
  /** The GitHub write budget's settings (a clock, shares of the limit); defaults in write-budget.ts. */
  budget?: Partial<LaneOptions>;
}

export async function startRunReporting(
  probot: Probot,
  deps: Services,
  options: RunReportingOptions = {},
): Promise<RunReporting> {
  const {
    slack,
    githubUrl = "https://github.com",
    namespace,
    argoUiUrl,
    historyUrl,
    budget,
    ...pace
  } = options;
  const writeBudget = new InstallationWriteBudget({
    requestsOf: reportRequests,
    metrics: deps.metrics,
    options: budget,
  });
  const auth = writeBudget.watching(
    async (installationId: number) => (await probot.auth(installationId)) as unknown as Octokit,
  );
  const links: ReportLinks = {
    ...(argoUiUrl ? { argoUiUrl } : {}),
    ...(historyUrl ? { historyUrl } : {}),
  };
  const log = probot.log.child({ name: "runs" });
  const reporters = [
    new RunReporter(
      deps.cluster,
      githubRunReportSink({
        auth,
        appId: await appIdOf(probot),
        signer: deps.signer,
        links,
        compare: metricsBaseline(deps.ledger),
      }),
      log,
      {
        logs: deps.core,
        ...pace,
        pacer: writeBudget,
        onWrite: (outcome) => deps.metrics?.notifications.inc({ channel: "github", outcome }),
        onEnded: (phase) => deps.metrics?.runsEnded.inc({ phase }),
      },
    ),
  ];
  if (slack) {
    const sink = slackRunReportSink(slack, deps.cluster, deps.signer, { githubUrl, ...links });
    reporters.push(
      new RunReporter(deps.cluster, sink, log.child({ channel: "slack" }), {
        logs: deps.core,
        ...pace,
        notifiedAnnotation: annotationKeys.slackNotifiedPhase,
        onWrite: (outcome) => deps.metrics?.notifications.inc({ channel: "slack", outcome }),
      }),
    );
  }
  // The ledger records ended runs beside the reporters, never in their way.
  const recorder = deps.ledger
    ? ledgerRecorder(deps.ledger, log.child({ name: "ledger" }))
    : undefined;
  const events: RunEvents = onlyTrustedRuns(
    {
      observe: async (workflow: ArgoObject) => {
        void recorder?.observe(workflow);
        await Promise.all(reporters.map((reporter) => reporter.observe(workflow)));
      },
      forget: (workflow: ArgoObject) => {
        for (const reporter of reporters) reporter.forget(workflow);
      },
    },
    (workflow) => checkRunIdentity(deps.signer, deps.server, workflow),
    (run) => {
      deps.metrics?.untrustedRuns.inc({ reason: run.reason });
      log.warn(run, "a run whose identity coxswain did not sign is reported nowhere");
    },
  );
  const watcher = new RunWatcher(deps.cluster, events, log, {
    ...(namespace ? { namespace } : {}),
    onRestart: () => deps.metrics?.watchRestarts.inc(),
  });
  await watcher.start();
  return {
    watcher,
    reporters,
    observe: events.observe,
    async drain() {
      await Promise.all(reporters.map((reporter) => reporter.drain()));
      await recorder?.idle();
    },
    stop() {
      watcher.stop();
      for (const reporter of reporters) reporter.stop();
      writeBudget.stop();
    },
  };
}

/** The App's id, from the JWT credentials Probot already holds (no request is made). */
async function appIdOf(probot: Probot): Promise<number> {
  const asApp = (await probot.auth()) as unknown as { auth(options: object): Promise<unknown> };
  const { appId } = (await asApp.auth({ type: "app" })) as { appId: number };
  return appId;
}
