// A push to the default branch syncs its definitions into the repository's namespace and
// reports the result as the `coxswain/sync` check run on the pushed commit.
import type { Context } from "probot";
import { namespaceForRepository } from "../config/server-policy.ts";
import type { CheckRunReport } from "../report/check-run-output.ts";
import { renderSyncReport } from "../report/render-sync-report.ts";
import { LatestWinsQueue } from "../sync/latest-wins-queue.ts";
import { syncRepository } from "../sync/sync-repository.ts";
import type { AppDeps } from "./app-deps.ts";
import {
  completeCheckRun,
  hasCheckRun,
  type Octokit,
  type RepoRef,
  startCheckRun,
} from "./check-runs.ts";
import { remoteRepo, repoRef } from "./repo-access.ts";

export const syncCheckName = "coxswain/sync";

interface SyncJob {
  octokit: Octokit;
  repository: Context<"push">["payload"]["repository"];
  sha: string;
  namespace: string;
  checkRunId: number;
}

export function pushHandler(deps: AppDeps) {
  const queue = new LatestWinsQueue<SyncJob>({
    run: (job) => runSync(job, deps),
    superseded: (job, by) =>
      completeCheckRun(job.octokit, ref(job), job.checkRunId, supersededReport(by.sha)),
  });

  return async (context: Context<"push">): Promise<void> => {
    const { payload } = context;
    const repository = payload.repository;
    if (payload.deleted || payload.ref !== `refs/heads/${repository.default_branch}`) return;
    const mapping = namespaceForRepository(deps.server, repository.full_name);
    if (!mapping.ok) {
      context.log.info({ repo: repository.full_name }, `push ignored: ${mapping.reason}`);
      return;
    }
    const repo = repoRef(repository);
    if (await hasCheckRun(context.octokit, repo, payload.after, syncCheckName)) {
      context.log.info(
        { repo: repository.full_name, sha: payload.after },
        "push already synced (redelivery)",
      );
      return;
    }
    const checkRunId = await startCheckRun(context.octokit, repo, syncCheckName, payload.after);
    await queue.submit(repository.full_name, {
      octokit: context.octokit,
      repository,
      sha: payload.after,
      namespace: mapping.namespace,
      checkRunId,
    });
  };
}

async function runSync(job: SyncJob, deps: AppDeps): Promise<void> {
  const log = deps.log?.child({ repo: job.repository.full_name, sha: job.sha });
  let report: CheckRunReport;
  try {
    const remote = await remoteRepo(job.octokit, job.repository);
    const branch = job.repository.default_branch;
    const head = await deps.git.remoteHead(remote, branch);
    const snapshot = await deps.git.snapshot(remote, job.sha, [`refs/heads/${branch}`]);
    if (
      head &&
      head !== job.sha &&
      (await newerCommitExists(deps, remote, job.sha, head, branch))
    ) {
      report = supersededReport(head);
    } else {
      const outcome = await syncRepository(
        { repoFullName: job.repository.full_name, namespace: job.namespace, snapshot },
        deps,
      );
      report = renderSyncReport(outcome, job.namespace);
      log?.info({ title: report.title, conclusion: report.conclusion }, "sync finished");
    }
  } catch (error) {
    log?.error({ err: error }, "sync failed");
    report = {
      conclusion: "failure",
      title: "Sync failed: the cluster or Git could not be reached",
      summary: `coxswain could not finish this sync: ${(error as Error).message}\n\nNothing was changed by this attempt beyond what completed before the error. Re-run this check to try again.`,
      annotations: [],
    };
  }
  await completeCheckRun(job.octokit, ref(job), job.checkRunId, report);
}

/** The branch has moved past this commit (a later push is on its way or done). */
async function newerCommitExists(
  deps: AppDeps,
  remote: Awaited<ReturnType<typeof remoteRepo>>,
  sha: string,
  head: string,
  branch: string,
): Promise<boolean> {
  await deps.git.snapshot(remote, head, [`refs/heads/${branch}`]);
  return deps.git.isAncestor(remote.fullName, sha, head);
}

function supersededReport(newer: string): CheckRunReport {
  return {
    conclusion: "skipped",
    title: `Superseded by ${newer.slice(0, 7)}`,
    summary: `A newer commit (${newer}) reached the default branch before this one was synced; the newer commit's sync applies the definitions.`,
    annotations: [],
  };
}

function ref(job: SyncJob): RepoRef {
  return repoRef(job.repository);
}
