// "Re-run" on a `coxswain/run: <template>` check run: the same template, parameters and commit
// start again as a new run, through the same use case and permission check as /rerun. A refusal
// is answered on the check run's pull request (the check run itself is left as it was).
import type { Logger } from "pino";
import { markdownOf } from "../report/message.ts";
import { performCommand } from "../use-cases/perform-command.ts";
import { openRepositoryContext } from "../use-cases/repository-context.ts";
import type { Services } from "../use-cases/services.ts";
import type { Octokit } from "./check-runs.ts";
import { outcomeMarkdown } from "./outcome-markdown.ts";
import { repoRef } from "./repo-access.ts";
import { type GitHubRepository, githubRepositoryGateway } from "./repository-gateway.ts";

export interface CheckRerun {
  octokit: Octokit;
  log: Logger;
  repository: GitHubRepository;
  /** The run the check run reports (its external_id). */
  runName: string;
  checkRunId: number;
  /** The pull requests the check run's commit belongs to (the first is answered on). */
  pullRequests: number[];
  actor: string;
  installationId?: number;
}

export async function rerunFromCheck(request: CheckRerun, services: Services): Promise<void> {
  const opened = await openRepositoryContext(
    {
      gateway: githubRepositoryGateway(
        request.octokit,
        request.repository,
        services,
        request.installationId,
      ),
      actor: { login: request.actor, via: "check-rerun" },
      requestId: `check-rerun:${request.checkRunId}`,
    },
    services.server,
  );
  const answer = opened.ok
    ? await performCommand({ name: "rerun", run: request.runName }, opened.context, services)
    : undefined;
  const text = !opened.ok
    ? `@${request.actor}, ${markdownOf(opened.problem)}`
    : answer?.kind === "refused"
      ? outcomeMarkdown("Re-run", answer)
      : undefined;
  if (!text) return;
  request.log.info({ run: request.runName, answer: text }, "re-run not started");
  const [pr] = request.pullRequests;
  if (pr !== undefined)
    await request.octokit.rest.issues.createComment({
      ...repoRef(request.repository),
      issue_number: pr,
      body: text,
    });
}
