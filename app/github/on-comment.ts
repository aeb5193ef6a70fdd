// Slash commands in pull-request comments: acknowledged with 👀 at once, checked against the
// commenter's permission (the rule comes from the default branch, never from the pull
// request), then run one by one; problems and answers go into one reply.
import type { Context } from "probot";
import { parseComment } from "../commands/parse-comment.ts";
import { repoConfigPath, repoPolicyFrom } from "../config/repo-config.ts";
import { hasPermission } from "../config/run-config.ts";
import { namespaceForRepository } from "../config/server-policy.ts";
import { RepositoryTooLargeError } from "../git/repository-too-large.ts";
import { fitText } from "../report/check-run-output.ts";
import { renderRefusal } from "../report/render-refusal.ts";
import type { AppDeps } from "./app-deps.ts";
import { permissionOf } from "./permissions.ts";
import { runPullRequestCommand } from "./pull-request-commands.ts";
import { remoteRepo, repoRef } from "./repo-access.ts";

/** GitHub refuses comment bodies over 65,536 characters. */
const commentBodyLimit = 65_536;

export function commentHandler(deps: AppDeps) {
  return async (context: Context<"issue_comment.created">): Promise<void> => {
    try {
      await takeCommands(context, deps);
    } catch (error) {
      // A repository refused for its size is an answer, not an outage.
      if (!(error instanceof RepositoryTooLargeError)) throw error;
      await context.octokit.rest.issues.createComment({
        ...repoRef(context.payload.repository),
        issue_number: context.payload.issue.number,
        body: error.message,
      });
    }
  };
}

async function takeCommands(
  context: Context<"issue_comment.created">,
  deps: AppDeps,
): Promise<void> {
  const { issue, comment, repository, sender } = context.payload;
  if (!issue.pull_request || sender.type === "Bot") return;
  const parsed = parseComment(comment.body ?? "");
  if (parsed.commands.length === 0 && parsed.problems.length === 0) return;
  const mapping = namespaceForRepository(deps.server, repository.full_name);
  if (!mapping.ok) return;
  const { octokit } = context;
  const repo = repoRef(repository);
  await octokit.rest.reactions.createForIssueComment({
    ...repo,
    comment_id: comment.id,
    content: "eyes",
  });

  const { data: pull } = await octokit.rest.pulls.get({ ...repo, pull_number: issue.number });
  const remote = await remoteRepo(octokit, repository);
  const base = await deps.git.snapshot(remote, pull.base.sha, [`refs/heads/${pull.base.ref}`]);
  const basePolicy = repoPolicyFrom(await base.readText(repoConfigPath), deps.server);
  if (!basePolicy.ok) {
    await reply(
      `coxswain cannot take commands: ${repoConfigPath} on ${pull.base.ref} is invalid (${basePolicy.issues[0]?.key}: ${basePolicy.issues[0]?.message}).`,
    );
    return;
  }
  const required = basePolicy.policy.commandPermission;
  const level = await permissionOf(octokit, repo, sender.login);
  if (!hasPermission(level, required)) {
    await reply(
      `@${sender.login}, coxswain's commands need **${required}** permission on this repository, and you have ${level === "none" ? "none" : `**${level}**`}; nothing was started. A maintainer can run it for you.`,
    );
    return;
  }
  const most = deps.server.commands.maxPerComment;
  const given = parsed.commands.length + parsed.problems.length;
  if (given > most) {
    await reply(
      `@${sender.login}, this comment has ${given} commands; coxswain takes at most ${most} in one comment, so none of them was run. Split them over several comments.`,
    );
    return;
  }
  const answers = parsed.problems.map((problem) => renderRefusal(problem.text, problem.message));
  const commandContext = {
    octokit,
    log: context.log,
    repo,
    repository,
    deps,
    scope: { namespace: mapping.namespace, repoFullName: repository.full_name, pr: issue.number },
    pull: {
      number: pull.number,
      headSha: pull.head.sha,
      fromFork: pull.head.repo?.full_name !== repository.full_name,
    },
    head: () => deps.git.snapshot(remote, pull.head.sha, [`refs/pull/${pull.number}/head`]),
    snapshotAt: (commit: string) =>
      deps.git.snapshot(remote, commit, [`refs/pull/${pull.number}/head`]),
    basePolicy: basePolicy.policy,
    actor: sender.login,
    idempotencyKey: `comment-${comment.id}`,
    ...(context.payload.installation ? { installationId: context.payload.installation.id } : {}),
  };
  for (const command of parsed.commands)
    answers.push(...(await runPullRequestCommand(command, commandContext)));
  if (answers.length > 0) await reply(answers.join("\n\n"));

  async function reply(body: string): Promise<void> {
    await octokit.rest.issues.createComment({
      ...repo,
      issue_number: issue.number,
      body: fitText(body, commentBodyLimit),
    });
  }
}
