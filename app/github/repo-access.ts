// The repository a webhook is about, as the use cases see it: its name, where to fetch it,
// and an installation token to fetch with.
import type { RemoteRepo } from "../git/repo-mirror.ts";
import type { Octokit, RepoRef } from "./check-runs.ts";

export interface RepositoryPayload {
  /** GitHub's id of the repository (kept through renames and transfers). */
  id?: number;
  full_name: string;
  name: string;
  clone_url: string;
}

export function repoRef(repository: RepositoryPayload): RepoRef {
  const [owner = "", repo = repository.name] = repository.full_name.split("/");
  return { owner, repo };
}

export async function remoteRepo(
  octokit: Octokit,
  repository: RepositoryPayload,
): Promise<RemoteRepo> {
  const auth = (await octokit.auth({ type: "installation" })) as { token?: string };
  return {
    fullName: repository.full_name,
    cloneUrl: repository.clone_url,
    token: auth.token,
  };
}
