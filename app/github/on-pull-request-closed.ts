// A pull request closed or merged: its running runs are stopped (runs.stopOnClose, default
// true) and the pull request is told which, and why.
import type { Context } from "probot";
import { codeOf, lines, markdownOf, say } from "../report/message.ts";
import type { Services } from "../use-cases/services.ts";
import { stopRunsOfClosedPullRequest } from "../use-cases/stop-on-close.ts";
import { repoRef } from "./repo-access.ts";
import { githubRepositoryGateway } from "./repository-gateway.ts";

export function pullRequestClosedHandler(deps: Services) {
  return async (context: Context<"pull_request.closed">): Promise<void> => {
    const { repository, pull_request: pull } = context.payload;
    const gateway = githubRepositoryGateway(
      context.octokit,
      repository,
      deps,
      context.payload.installation?.id,
    );
    const result = await stopRunsOfClosedPullRequest(gateway, pull.number, deps);
    if ("skipped" in result) {
      context.log.info(
        { repo: repository.full_name, pr: pull.number, why: result.skipped },
        "runs left running",
      );
      return;
    }
    if (result.stopped.length === 0) return;
    context.log.info(
      { repo: repository.full_name, pr: pull.number, runs: result.stopped },
      "pull request closed: its runs were stopped",
    );
    const how = pull.merged ? "merged" : "closed";
    const body = markdownOf(
      lines([
        say`🛑 This pull request was ${how}, so coxswain stopped its running runs (their exit handlers still run):`,
        ...result.stopped.map((name) => say`- ${codeOf(name)}`),
        say`To let runs finish after a pull request closes, set ${codeOf("runs.stopOnClose: false")} in the default branch's ${codeOf(".github/coxswain.yml")}.`,
      ]),
    );
    await context.octokit.rest.issues.createComment({
      ...repoRef(repository),
      issue_number: pull.number,
      body,
    });
  };
}
