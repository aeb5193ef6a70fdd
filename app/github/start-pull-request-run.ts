// /run on a pull request: start the pipeline as defined at the PR head, show it as a check run
// on the head commit and as one PR comment, and stop an older run of the same template when its
// trigger asks for it. On a fork's pull request the commenter names the commit they reviewed
// (`/run train @1a2b3c4`), and a head that has moved on since is refused.

import type { Command } from "../commands/parse-comment.ts";
import { code } from "../report/markdown.ts";
import { renderRefusal } from "../report/render-refusal.ts";
import type { CommandContext } from "./pull-request-commands.ts";
import { startAndShowRun } from "./start-and-show-run.ts";

export async function startPullRequestRun(
  command: Extract<Command, { name: "run" }>,
  context: CommandContext,
): Promise<string[]> {
  const { deps, scope } = context;
  const refused = reviewedHeadProblem(command, context.pull);
  if (refused) return [`${code(`/run ${command.template}`)}: ${refused}`];
  const trigger = context.basePolicy.triggers.find(
    (t) => t.on === "comment" && t.template === command.template,
  );
  const started = await startAndShowRun(
    {
      octokit: context.octokit,
      repo: context.repo,
      ...(trigger?.cancelInProgress ? { cancelInProgress: true } : {}),
      metrics: context.basePolicy.metrics,
      repoFullName: scope.repoFullName,
      namespace: scope.namespace,
      template: command.template,
      commit: context.pull.headSha,
      trigger: "comment",
      actor: context.actor,
      ...(context.installationId ? { installationId: context.installationId } : {}),
      pr: context.pull.number,
      idempotencyKey: `${context.idempotencyKey}/run:${command.template}`,
      snapshot: await context.head(),
      parameters: { ...(trigger?.parameters ?? {}), ...command.parameters },
    },
    deps,
  );
  if (!started.ok) return [renderRefusal(`/run ${command.template}`, started.problems.join("\n"))];
  return []; // started (or, for the same comment again, already there): the run reports itself
}

/** Why the head cannot be run as asked, if it cannot: a fork's head needs the reviewed commit. */
function reviewedHeadProblem(
  command: Extract<Command, { name: "run" }>,
  pull: CommandContext["pull"],
): string | undefined {
  const head = pull.headSha.slice(0, 7);
  if (command.commit === undefined) {
    if (!pull.fromFork) return undefined;
    return `this pull request comes from a fork, so coxswain runs its definitions only at a commit a maintainer names after reviewing it: \`/run ${command.template} @${head}\` runs its head, ${head}.`;
  }
  if (pull.headSha.startsWith(command.commit)) return undefined;
  return `${command.commit} is not this pull request's head: its head is now ${head}; nothing was started. Review what changed, then \`/run ${command.template} @${head}\`.`;
}
