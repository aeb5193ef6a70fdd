// The leader's repair pass: no coxswain check run stays "queued" or "in progress" forever.
// It looks at the check runs on the commits where runs start (open pull requests' heads and
// the default branch's latest commits) of every repository the App is installed on and the
// server policy allows. A run whose Workflow has ended goes back to the reporter (which
// completes it and notifies once); one whose Workflow is gone is completed as cancelled.
import type { Logger } from "pino";
import type { ArgoCluster } from "../cluster/argo-cluster.ts";
import type { ArgoObject } from "../cluster/argo-kinds.ts";
import { namespaceForRepository, type ServerPolicy } from "../config/server-policy.ts";
import { runCheckPrefix } from "../report/run-marker.ts";
import type { Octokit } from "./check-runs.ts";

export interface RepairDeps {
  /** The App itself (JWT): lists its installations. */
  asApp: () => Promise<Octokit>;
  asInstallation: (installationId: number) => Promise<Octokit>;
  cluster: ArgoCluster;
  server: ServerPolicy;
  /** Hands an ended run back to the reporter. */
  observe: (workflow: ArgoObject) => Promise<void>;
  log: Logger;
}

export interface RepairResult {
  /** Check runs completed because their Workflow is gone. */
  completedGone: number;
  /** Ended runs handed back to the reporter. */
  reported: number;
}

/** How many of the default branch's latest commits are looked at. */
const recentCommits = 10;

export async function repairCheckRuns(deps: RepairDeps): Promise<RepairResult> {
  const result: RepairResult = { completedGone: 0, reported: 0 };
  const app = await deps.asApp();
  const installations = await app.paginate(app.rest.apps.listInstallations, { per_page: 100 });
  for (const installation of installations) {
    const octokit = await deps.asInstallation(installation.id);
    const repositories = await octokit.paginate(
      octokit.rest.apps.listReposAccessibleToInstallation,
      { per_page: 100 },
    );
    for (const repository of repositories) {
      const mapping = namespaceForRepository(deps.server, repository.full_name);
      if (!mapping.ok) continue;
      const repo = { owner: repository.owner.login, repo: repository.name };
      for (const sha of await commitsToLookAt(octokit, repo, repository.default_branch)) {
        const checks = await pendingRunChecks(octokit, repo, sha);
        for (const check of checks) {
          await repairOne(deps, octokit, repo, mapping.namespace, check, result);
        }
      }
    }
  }
  return result;
}

interface PendingCheck {
  id: number;
  runName: string;
}

/** The `coxswain/run:` check runs on a commit that have not completed. */
async function pendingRunChecks(
  octokit: Octokit,
  repo: { owner: string; repo: string },
  sha: string,
): Promise<PendingCheck[]> {
  const { data } = await octokit.rest.checks.listForRef({ ...repo, ref: sha, per_page: 100 });
  return data.check_runs
    .filter((check) => check.status !== "completed" && check.name.startsWith(runCheckPrefix))
    .map((check) => ({ id: check.id, runName: check.external_id ?? "" }));
}

async function repairOne(
  deps: RepairDeps,
  octokit: Octokit,
  repo: { owner: string; repo: string },
  namespace: string,
  check: PendingCheck,
  result: RepairResult,
): Promise<void> {
  const name = check.runName;
  const workflow = name ? await deps.cluster.get("Workflow", namespace, name) : undefined;
  if (workflow) {
    if (!ended(workflow)) return;
    await deps.observe(workflow);
    result.reported++;
    return;
  }
  await octokit.rest.checks.update({
    ...repo,
    check_run_id: check.id,
    status: "completed",
    conclusion: "cancelled",
    completed_at: new Date().toISOString(),
    output: {
      title: "The run is gone",
      summary: `The run's Workflow ${name ? `\`${name}\` ` : ""}was deleted before coxswain saw it end; start the pipeline again with /run (on a pull request) or /coxswain run.`,
    },
  });
  result.completedGone++;
  deps.log.info(
    { repo: `${repo.owner}/${repo.repo}`, run: name },
    "completed the check of a run that is gone",
  );
}

async function commitsToLookAt(
  octokit: Octokit,
  repo: { owner: string; repo: string },
  defaultBranch: string,
): Promise<string[]> {
  const { data: pulls } = await octokit.rest.pulls.list({ ...repo, state: "open", per_page: 50 });
  const { data: commits } = await octokit.rest.repos.listCommits({
    ...repo,
    sha: defaultBranch,
    per_page: recentCommits,
  });
  return [...new Set([...pulls.map((pull) => pull.head.sha), ...commits.map((c) => c.sha)])];
}

function ended(workflow: ArgoObject): boolean {
  const phase = (workflow.status as { phase?: string } | undefined)?.phase;
  return phase === "Succeeded" || phase === "Failed" || phase === "Error";
}
