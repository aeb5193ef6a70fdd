// A repository on GitHub as the use cases see it (use-cases/repository-gateway.ts): the
// installation's client asks for permissions and pull requests, the Git mirror holds its
// commits, and the default branch's config is read with its `_extends`.
import { extendsOf, repoConfigPath, repoPolicyFrom } from "../config/repo-config.ts";
import type { RemoteRepo } from "../git/repo-mirror.ts";
import type { DefaultBranchPolicy, RepositoryGateway } from "../use-cases/repository-gateway.ts";
import type { Services } from "../use-cases/services.ts";
import type { Octokit } from "./check-runs.ts";
import { permissionOf } from "./permissions.ts";
import { type RepositoryPayload, remoteRepo, repoRef } from "./repo-access.ts";
import { githubRunPresenter } from "./run-presenter.ts";
import { sharedConfigReader } from "./shared-config.ts";

export interface GitHubRepository extends RepositoryPayload {
  default_branch: string;
}

export function githubRepositoryGateway(
  octokit: Octokit,
  repository: GitHubRepository,
  services: Pick<Services, "git" | "server">,
  installationId?: number,
): RepositoryGateway {
  const repo = repoRef(repository);
  let remote: Promise<RemoteRepo> | undefined;
  const remoteOf = () => {
    remote ??= remoteRepo(octokit, repository);
    return remote;
  };
  const snapshotAt = async (commit: string, refs: readonly string[]) =>
    services.git.snapshot(await remoteOf(), commit, [...refs]);
  return {
    fullName: repository.full_name,
    ...(installationId !== undefined ? { installationId } : {}),
    permissionOf: (login) => permissionOf(octokit, repo, login),
    async defaultBranchPolicy(): Promise<DefaultBranchPolicy> {
      const branch = repository.default_branch;
      const head = await services.git.remoteHead(await remoteOf(), branch);
      if (!head)
        return { ok: false, problem: `${repository.full_name} has no ${branch} branch yet` };
      const snapshot = await snapshotAt(head, [`refs/heads/${branch}`]);
      const text = await snapshot.readText(repoConfigPath);
      const target = extendsOf(text);
      const shared = target ? await sharedConfigReader(octokit, repo.owner)(target) : undefined;
      const read = repoPolicyFrom(text, services.server, shared, repository.full_name);
      if (!read.ok) {
        const [issue] = read.issues;
        return {
          ok: false,
          problem: `${repoConfigPath} on ${branch} of ${repository.full_name} is invalid (${issue?.key}: ${issue?.message}); fix it there first`,
        };
      }
      return { ok: true, branch, head, policy: read.policy };
    },
    snapshotAt,
    async pullRequest(number) {
      const { data: pull } = await octokit.rest.pulls.get({ ...repo, pull_number: number });
      return {
        number: pull.number,
        headSha: pull.head.sha,
        fromFork: pull.head.repo?.full_name !== repository.full_name,
      };
    },
    presenter: githubRunPresenter(octokit, repo),
  };
}
