// Slash commands in pull-request comments. The commenter's permission is checked first (the
// rule comes from the default branch's config, never from the pull request) and nothing is done
// for them before that; then 👀, then each command through the use case of its verb, and one
// reply with every answer.
import type { Context } from "probot";
import { type Command, commandLabel, parseComment } from "../commands/parse-comment.ts";
import { namespaceForRepository } from "../config/server-policy.ts";
import { RepositoryTooLargeError } from "../git/repository-too-large.ts";
import { fitText } from "../report/check-run-output.ts";
import { markdownOf, plain } from "../report/message.ts";
import { refused } from "../use-cases/outcome.ts";
import { performCommand } from "../use-cases/perform-command.ts";
import { openRepositoryContext, type RepositoryContext } from "../use-cases/repository-context.ts";
import type { Services } from "../use-cases/services.ts";
import { commandsFailedMarkdown, failureMarkdown, outcomeMarkdown } from "./outcome-markdown.ts";
import { runPlan } from "./plan-runner.ts";
import { repoRef } from "./repo-access.ts";
import { githubRepositoryGateway } from "./repository-gateway.ts";

/** GitHub refuses comment bodies over 65,536 characters. */
const commentBodyLimit = 65_536;

export function commentHandler(services: Services) {
  return async (context: Context<"issue_comment.created">): Promise<void> => {
    const { issue, comment, repository, sender } = context.payload;
    if (!issue.pull_request || sender.type === "Bot") return;
    const parsed = parseComment(comment.body ?? "");
    if (parsed.commands.length === 0 && parsed.problems.length === 0) return;
    if (!namespaceForRepository(services.server, repository.full_name).ok) return;
    const { octokit } = context;
    const repo = repoRef(repository);
    const reply = (body: string) =>
      octokit.rest.issues.createComment({
        ...repo,
        issue_number: issue.number,
        body: fitText(body, commentBodyLimit),
      });
    const installationId = context.payload.installation?.id;
    const opened = await openRepositoryContext(
      {
        gateway: githubRepositoryGateway(octokit, repository, services, installationId),
        actor: { login: sender.login, via: "comment" },
        requestId: `comment-${comment.id}`,
        pullRequest: issue.number,
      },
      services.server,
    ).catch((error: unknown) => ({ ok: false as const, error }));
    if (!opened.ok) {
      await reply(
        "error" in opened
          ? `@${sender.login}, ${commandsFailedMarkdown(opened.error)}`
          : `@${sender.login}, ${markdownOf(opened.problem)}`,
      );
      return;
    }
    await octokit.rest.reactions.createForIssueComment({
      ...repo,
      comment_id: comment.id,
      content: "eyes",
    });
    const most = services.server.commands.maxPerComment;
    const given = parsed.commands.length + parsed.problems.length;
    if (given > most) {
      await reply(
        `@${sender.login}, this comment has ${given} commands; coxswain takes at most ${most} in one comment, so none of them was run. Split them over several comments.`,
      );
      return;
    }
    const answers = parsed.problems.map((problem) =>
      outcomeMarkdown(problem.text, refused(plain(problem.message))),
    );
    for (const [index, command] of parsed.commands.entries()) {
      const answer = await answerCommand(command, index, opened.context, context, services);
      if (answer) answers.push(answer);
    }
    if (answers.length > 0) await reply(answers.join("\n\n"));
  };
}

/** One command's answer; none for a run that started (its own comment shows it) or a plan. */
async function answerCommand(
  command: Command,
  index: number,
  repository: RepositoryContext,
  context: Context<"issue_comment.created">,
  services: Services,
): Promise<string | undefined> {
  const label = commandLabel(command);
  try {
    if (command.name === "plan") {
      await runPlan(
        {
          octokit: context.octokit,
          log: context.log,
          repository: context.payload.repository,
          headSha: repository.pullRequest?.headSha ?? repository.head,
          refs: [`refs/pull/${context.payload.issue.number}/head`],
          namespace: repository.namespace,
        },
        services,
      );
      return undefined;
    }
    const outcome = await performCommand(command, repository, services, index);
    if (outcome.kind === "done" && command.name === "run") return undefined;
    return outcomeMarkdown(label, outcome);
  } catch (error) {
    if (error instanceof RepositoryTooLargeError)
      return outcomeMarkdown(label, refused(plain(error.message)));
    context.log.error({ err: error, command: label }, "a command failed");
    return failureMarkdown(label, error);
  }
}
