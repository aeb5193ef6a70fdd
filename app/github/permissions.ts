// A user's permission on a repository, as GitHub reports it (role names such as maintain and
// triage are more precise than the legacy admin/write/read).
import { type PermissionLevel, permissionLevels } from "../config/run-config.ts";
import type { Octokit, RepoRef } from "./check-runs.ts";

export async function permissionOf(
  octokit: Octokit,
  repo: RepoRef,
  login: string,
): Promise<PermissionLevel | "none"> {
  try {
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({
      ...repo,
      username: login,
    });
    const role = (data as { role_name?: string }).role_name;
    if (role && (permissionLevels as readonly string[]).includes(role))
      return role as PermissionLevel;
    const legacy = data.permission;
    return (permissionLevels as readonly string[]).includes(legacy)
      ? (legacy as PermissionLevel)
      : "none";
  } catch (error) {
    // Not a collaborator at all.
    if ((error as { status?: number }).status === 404) return "none";
    throw error;
  }
}
