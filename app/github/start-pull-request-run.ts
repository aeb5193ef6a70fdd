// /run on a pull request: start the pipeline as defined at the PR head, show it as a check run
// on the head commit and as one PR comment, and stop an older run of the same template when its
// trigger asks for it.

import type { Command } from "../commands/parse-comment.ts";
import type { CommandContext } from "./pull-request-commands.ts";
import { startAndShowRun } from "./start-and-show-run.ts";

export async function startPullRequestRun(
  command: Extract<Command, { name: "run" }>,
  context: CommandContext,
): Promise<string[]> {
  const { deps, scope } = context;
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
  if (!started.ok) return [`\`/run ${command.template}\`: ${started.problems.join("\n")}`];
  return []; // started (or, for the same comment again, already there): the run reports itself
}
