// Plans a pull request's head commit as the `coxswain/plan` check run. Started when the pull
// request is opened or updated, or by "Re-run" on that check. Reads the cluster, writes nothing.
import type { Logger } from "pino";
import type { CheckRunReport } from "../report/check-run-output.ts";
import { renderPlanReport } from "../report/render-plan-report.ts";
import { planRepository } from "../sync/plan-repository.ts";
import type { Services } from "../use-cases/services.ts";
import { completeCheckRun, type Octokit, startCheckRun } from "./check-runs.ts";
import { failureReport } from "./failure-report.ts";
import { type RepositoryPayload, remoteRepo, repoRef } from "./repo-access.ts";
import { sharedConfigReader } from "./shared-config.ts";

export const planCheckName = "coxswain/plan";

export interface PlanRequest {
  octokit: Octokit;
  log: Logger;
  repository: RepositoryPayload;
  headSha: string;
  /** Refs that hold the head commit, e.g. `refs/pull/7/head` (a fork's commits are there). */
  refs: string[];
  namespace: string;
}

export async function runPlan(request: PlanRequest, deps: Services): Promise<void> {
  const repo = repoRef(request.repository);
  const checkRunId = await startCheckRun(request.octokit, repo, planCheckName, request.headSha);
  let report: CheckRunReport;
  try {
    const remote = await remoteRepo(request.octokit, request.repository);
    const snapshot = await deps.git.snapshot(remote, request.headSha, request.refs);
    const outcome = await planRepository(
      {
        repoFullName: request.repository.full_name,
        namespace: request.namespace,
        snapshot,
        sharedConfig: sharedConfigReader(request.octokit, repo.owner),
      },
      deps,
    );
    report = renderPlanReport(outcome, request.namespace);
  } catch (error) {
    request.log.error(
      { err: error, repo: request.repository.full_name, sha: request.headSha },
      "plan failed",
    );
    report = failureReport("Plan", error);
  }
  await completeCheckRun(request.octokit, repo, checkRunId, report);
}
