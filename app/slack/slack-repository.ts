// A repository as a Slack request needs it: allowed by the server policy, the App installed on
// it, its default branch's config (which says who may act), and its commits on demand.

import { type RepoPolicy, repoConfigPath, repoPolicyFrom } from "../config/repo-config.ts";
import { hasPermission } from "../config/run-config.ts";
import { namespaceForRepository } from "../config/server-policy.ts";
import type { RepoSnapshot } from "../git/repo-mirror.ts";
import type { AppDeps } from "../github/app-deps.ts";
import type { Octokit, RepoRef } from "../github/check-runs.ts";
import { permissionOf } from "../github/permissions.ts";
import { remoteRepo } from "../github/repo-access.ts";

/** The App's client for a repository's installation; undefined when it is not installed. */
export type InstallationFor = (
  fullName: string,
) => Promise<{ octokit: Octokit; installationId: number } | undefined>;

export interface SlackRepository {
  fullName: string;
  repo: RepoRef;
  namespace: string;
  octokit: Octokit;
  installationId: number;
  /** The default branch's head and the policy read there. */
  head: string;
  policy: RepoPolicy;
  snapshotAt(commit: string, pr?: number): Promise<RepoSnapshot>;
}

export type Opened = { ok: true; repository: SlackRepository } | { ok: false; problem: string };

export async function openRepository(
  fullName: string,
  deps: AppDeps,
  installationFor: InstallationFor,
): Promise<Opened> {
  const mapping = namespaceForRepository(deps.server, fullName);
  if (!mapping.ok) return { ok: false, problem: mapping.reason };
  const installation = await installationFor(fullName);
  if (!installation)
    return { ok: false, problem: `the coxswain App is not installed on ${fullName}` };
  const [owner = "", name = ""] = fullName.split("/");
  const repo = { owner, repo: name };
  const { octokit } = installation;
  const { data } = await octokit.rest.repos.get(repo);
  const remote = await remoteRepo(octokit, data);
  const branch = data.default_branch;
  const head = await deps.git.remoteHead(remote, branch);
  if (!head) return { ok: false, problem: `${fullName} has no ${branch} branch yet` };
  const snapshot = await deps.git.snapshot(remote, head, [`refs/heads/${branch}`]);
  const policy = repoPolicyFrom(await snapshot.readText(repoConfigPath), deps.server);
  if (!policy.ok) {
    const [issue] = policy.issues;
    return {
      ok: false,
      problem: `${repoConfigPath} on ${branch} of ${fullName} is invalid (${issue?.key}: ${issue?.message})`,
    };
  }
  return {
    ok: true,
    repository: {
      fullName: data.full_name,
      repo,
      namespace: mapping.namespace,
      octokit,
      installationId: installation.installationId,
      head,
      policy: policy.policy,
      snapshotAt: (commit, pr) =>
        deps.git.snapshot(remote, commit, pr ? [`refs/pull/${pr}/head`] : [`refs/heads/${branch}`]),
    },
  };
}

/** Whether a GitHub login may use the commands on the repository (the same rule as on a PR). */
export async function mayAct(
  repository: SlackRepository,
  login: string,
): Promise<{ ok: true } | { ok: false; problem: string }> {
  const required = repository.policy.commandPermission;
  const level = await permissionOf(repository.octokit, repository.repo, login);
  if (hasPermission(level, required)) return { ok: true };
  return {
    ok: false,
    problem: `coxswain's commands on ${repository.fullName} need *${required}* permission, and ${login} has ${level === "none" ? "none" : `*${level}*`}; nothing was done.`,
  };
}
