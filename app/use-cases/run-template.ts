// /run: start a pipeline as defined at the pull request's head (or, outside a pull request, at
// the default branch's head), with the `on: comment` trigger's defaults under the parameters
// given. On a fork's pull request the commenter names the commit they reviewed
// (`/run train @1a2b3c4`), and a head that has moved on since is refused.
import type { Command } from "../commands/parse-comment.ts";
import { codeOf, type Message, say } from "../report/message.ts";
import { done, type Outcome, refused } from "./outcome.ts";
import type { RepositoryContext } from "./repository-context.ts";
import type { PullRequestRef } from "./repository-gateway.ts";
import type { Services } from "./services.ts";
import { startAndShow } from "./start-and-show.ts";
import { commandKey, refsFor, triggerOf } from "./trigger-of.ts";

export type RunCommand = Extract<Command, { name: "run" }>;

export async function runTemplate(
  command: RunCommand,
  context: RepositoryContext,
  ports: Pick<Services, "cluster" | "server" | "schema" | "signer" | "metrics">,
  index = 0,
): Promise<Outcome> {
  const pull = context.pullRequest;
  const problem = pull ? reviewedHeadProblem(command, pull) : unexpectedCommit(command, context);
  if (problem) return refused(problem);
  const commit = pull?.headSha ?? context.head;
  const trigger = context.policy.triggers.find(
    (t) => t.on === "comment" && t.template === command.template,
  );
  const started = await startAndShow(
    {
      ...(trigger?.cancelInProgress ? { cancelInProgress: true } : {}),
      policy: context.policy,
      repoFullName: context.fullName,
      namespace: context.namespace,
      template: command.template,
      commit,
      trigger: triggerOf(context),
      actor: context.actor.login,
      ...(context.actor.slackUser ? { slackUser: context.actor.slackUser } : {}),
      ...(context.installationId !== undefined ? { installationId: context.installationId } : {}),
      ...(pull ? { pr: pull.number } : {}),
      idempotencyKey: commandKey(context, index, `run:${command.template}`),
      snapshot: await context.gateway.snapshotAt(commit, refsFor(context)),
      parameters: { ...(trigger?.parameters ?? {}), ...command.parameters },
    },
    context.gateway.presenter,
    ports,
  );
  if (!started.ok) return refused(say`${started.problems.join("\n")}`);
  const name = started.run.metadata.name;
  return done(
    say`${codeOf(name)} started (${command.template} at ${codeOf(commit.slice(0, 7))} of ${context.fullName}).`,
    started.created,
  );
}

/** Why the pull request's head cannot be run as asked: a fork's needs the reviewed commit. */
function reviewedHeadProblem(command: RunCommand, pull: PullRequestRef): Message | undefined {
  const head = pull.headSha.slice(0, 7);
  const again = codeOf(`/run ${command.template} @${head}`);
  if (command.commit === undefined) {
    if (!pull.fromFork) return undefined;
    return say`this pull request comes from a fork, so coxswain runs its definitions only at a commit a maintainer names after reviewing it: ${again} runs its head, ${head}.`;
  }
  if (pull.headSha.startsWith(command.commit)) return undefined;
  return say`${command.commit} is not this pull request's head: its head is now ${head}; nothing was started. Review what changed, then ${again}.`;
}

/** Outside a pull request the run is of the default branch's head, which needs no naming. */
function unexpectedCommit(command: RunCommand, context: RepositoryContext): Message | undefined {
  if (command.commit === undefined || context.head.startsWith(command.commit)) return undefined;
  return say`${command.commit} is not the head of ${context.branch}, ${context.head.slice(0, 7)}; runs outside a pull request start at the head.`;
}
