// Runs syncs for the GitHub side: one at a time per repository, newest commit wins, each
// reported as a `coxswain/sync` check run. Started by a push or by "Re-run" on that check.
import type { Logger } from "pino";
import type { RepoSnapshot } from "../git/repo-mirror.ts";
import type { CheckRunReport } from "../report/check-run-output.ts";
import { renderSyncReport } from "../report/render-sync-report.ts";
import { LatestWinsQueue } from "../sync/latest-wins-queue.ts";
import { syncRepository } from "../sync/sync-repository.ts";
import type { Services } from "../use-cases/services.ts";
import { completeCheckRun, type Octokit, startCheckRun } from "./check-runs.ts";
import { failureReport } from "./failure-report.ts";
import { startMergeRuns } from "./merge-runs.ts";
import { type RepositoryPayload, remoteRepo, repoRef } from "./repo-access.ts";
import { sharedConfigReader } from "./shared-config.ts";

export const syncCheckName = "coxswain/sync";

export interface SyncRequest {
  octokit: Octokit;
  log: Logger;
  repository: RepositoryPayload & { default_branch: string };
  sha: string;
  namespace: string;
  /** The commit the branch moved from (a push's `before`), to find the changed files. */
  before?: string;
  /** Who moved the branch. */
  actor?: string;
  /** The files the push changed, when its payload lists them all. */
  changedFiles?: string[];
  installationId?: number;
  /** Why this sync runs when no push started it (install, a missed push, a rename): said in the check run. */
  reason?: string;
  /** Start the `on: merge` triggers the change fires (default true; only a push fires them). */
  startTriggers?: boolean;
  /**
   * Read the namespace from the cluster, not from its watched copy (which may lag by the watch's
   * delay): a sync someone asked for again (Re-run) sees what they just changed.
   */
  fresh?: boolean;
}

interface SyncJob extends SyncRequest {
  /** The check run, being created while the sync already runs (off the critical path). */
  checkRunId: Promise<number>;
}

export type SyncRunner = (request: SyncRequest) => Promise<void>;

export function syncRunner(deps: Services): SyncRunner {
  const queue = new LatestWinsQueue<SyncJob>({
    run: (job) => runSync(job, deps),
    superseded: (job, by) => reportOn(job, supersededReport(by.sha)),
  });
  return async (request) => {
    const checkRunId = startCheckRun(
      request.octokit,
      repoRef(request.repository),
      syncCheckName,
      request.sha,
    );
    checkRunId.catch(() => {}); // awaited (and its failure logged) when the report is written
    await queue.submit(request.repository.full_name, { ...request, checkRunId });
  };
}

async function runSync(job: SyncJob, deps: Services): Promise<void> {
  const log = job.log.child({ repo: job.repository.full_name, sha: job.sha });
  const timer = deps.metrics?.syncDuration.startTimer();
  let report: CheckRunReport;
  try {
    const remote = await remoteRepo(job.octokit, job.repository);
    const branch = job.repository.default_branch;
    const branchRef = `refs/heads/${branch}`;
    // The branch head is asked for while the commit is read: newest-wins costs no extra wait.
    const [head, snapshot] = await Promise.all([
      deps.git.remoteHead(remote, branch),
      deps.git.snapshot(remote, job.sha, [branchRef]),
    ]);
    if (head && head !== job.sha) await deps.git.snapshot(remote, head, [branchRef]);
    if (head && head !== job.sha && (await deps.git.isAncestor(remote.fullName, job.sha, head))) {
      // The branch has moved past this commit: the newer commit's sync applies the definitions.
      report = supersededReport(head);
    } else {
      report = await syncAndStartRuns(job, snapshot, deps, log);
    }
    log.info({ title: report.title, conclusion: report.conclusion }, "sync finished");
  } catch (error) {
    log.error({ err: error }, "sync failed");
    report = failureReport("Sync", error);
  }
  timer?.({ outcome: report.conclusion === "skipped" ? "superseded" : report.conclusion });
  await reportOn(job, report);
}

/** Applies the commit, then starts the `on: merge` runs it fires (unless the job says not to). */
async function syncAndStartRuns(
  job: SyncJob,
  snapshot: RepoSnapshot,
  deps: Services,
  log: Logger,
): Promise<CheckRunReport> {
  const outcome = await syncRepository(
    {
      repoFullName: job.repository.full_name,
      ...(job.repository.id !== undefined ? { repositoryId: job.repository.id } : {}),
      namespace: job.namespace,
      snapshot,
      sharedConfig: sharedConfigReader(job.octokit, repoRef(job.repository).owner),
    },
    deps,
    job.fresh ? { fresh: true } : {},
  );
  let report = renderSyncReport(outcome, job.namespace);
  if (job.reason) report = { ...report, summary: `${job.reason}\n\n${report.summary}` };
  if (!outcome.ok || job.startTriggers === false) return report;
  // The sync is done whatever happens to the runs: a trigger failure is reported, not fatal.
  const started = await startMergeRuns(
    {
      octokit: job.octokit,
      log,
      repo: repoRef(job.repository),
      repoFullName: job.repository.full_name,
      namespace: job.namespace,
      snapshot,
      ...(job.before ? { before: job.before } : {}),
      ...(job.changedFiles ? { changedFiles: job.changedFiles } : {}),
      actor: job.actor ?? "merge",
      ...(job.installationId ? { installationId: job.installationId } : {}),
      policy: outcome.policy,
      definitions: outcome.definitions,
    },
    deps,
  ).catch((error: unknown) => {
    log.error({ err: error }, "merge triggers failed");
    return [`⚠️ Merge triggers failed: ${error instanceof Error ? error.message : String(error)}`];
  });
  return started.length > 0
    ? { ...report, summary: `${report.summary}\n\n${started.join("\n")}` }
    : report;
}

/** Writes the report on the job's check run; a GitHub failure is logged, never thrown. */
async function reportOn(job: SyncJob, report: CheckRunReport): Promise<void> {
  try {
    await completeCheckRun(job.octokit, repoRef(job.repository), await job.checkRunId, report);
  } catch (error) {
    job.log.error(
      { err: error, repo: job.repository.full_name, sha: job.sha },
      "could not report the sync on GitHub",
    );
  }
}

function supersededReport(newer: string): CheckRunReport {
  return {
    conclusion: "skipped",
    title: `Superseded by ${newer.slice(0, 7)}`,
    summary: `A newer commit (${newer}) reached the default branch before this one was synced; the newer commit's sync applies the definitions.`,
    annotations: [],
  };
}
