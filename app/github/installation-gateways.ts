// A repository's gateway found by name, for requests that do not come from GitHub (Slack): the
// App asks GitHub which installation covers the repository, then reads it as that installation.
import type { Probot } from "probot";
import type { GatewayFor } from "../use-cases/repository-gateway.ts";
import type { Services } from "../use-cases/services.ts";
import type { Octokit } from "./check-runs.ts";
import { githubRepositoryGateway } from "./repository-gateway.ts";

export function installationGateways(
  probot: Probot,
  services: Pick<Services, "git" | "server">,
): GatewayFor {
  return async (fullName) => {
    const [owner = "", repo = ""] = fullName.split("/");
    const asApp = (await probot.auth()) as unknown as Octokit;
    let installationId: number;
    try {
      ({
        data: { id: installationId },
      } = await asApp.rest.apps.getRepoInstallation({ owner, repo }));
    } catch (error) {
      if ((error as { status?: number }).status === 404) return undefined;
      throw error;
    }
    const octokit = (await probot.auth(installationId)) as unknown as Octokit;
    const { data } = await octokit.rest.repos.get({ owner, repo });
    return githubRepositoryGateway(octokit, data, services, installationId);
  };
}
