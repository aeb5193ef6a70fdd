// Reads the config a repository's `_extends` names, from the default branch of that
// repository on GitHub — Probot's convention: `.github` is the organisation's `.github` repo,
// `name` a repository of the same owner, `owner/name` any repository the App can read.
import type { SharedConfig } from "../config/repo-config.ts";
import { repoConfigPath } from "../config/repo-config.ts";
import type { Octokit } from "./check-runs.ts";

export function sharedConfigReader(octokit: Octokit, owner: string) {
  return async (target: string): Promise<SharedConfig> => {
    const [targetOwner, targetRepo] = target.includes("/") ? target.split("/", 2) : [owner, target];
    const name = `${targetOwner}/${targetRepo}`;
    try {
      const { data } = await octokit.rest.repos.getContent({
        owner: targetOwner ?? owner,
        repo: targetRepo ?? target,
        path: repoConfigPath,
      });
      if (Array.isArray(data) || data.type !== "file" || !("content" in data))
        return { name, text: undefined };
      return { name, text: Buffer.from(data.content, "base64").toString("utf8") };
    } catch (error) {
      if ((error as { status?: number }).status === 404) return { name, text: undefined };
      throw error;
    }
  };
}
