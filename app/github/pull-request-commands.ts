// What each slash command does on a pull request, once the commenter may use commands.
// Each returns the lines to answer with (a started run answers with its own comment).
import type { Logger } from "pino";
import { cronCommand } from "../actions/cron-actions.ts";
import {
  type ActionContext,
  rerunRun,
  retryRun,
  stepLog,
  stopRunAction,
} from "../actions/run-actions.ts";
import { previousRunOf, pullRequestRows } from "../actions/run-history.ts";
import type { Command } from "../commands/parse-comment.ts";
import type { RepoPolicy } from "../config/repo-config.ts";
import type { RepoSnapshot } from "../git/repo-mirror.ts";
import { code, codeBlock } from "../report/markdown.ts";
import { renderHelp } from "../report/render-help.ts";
import { renderRefusal } from "../report/render-refusal.ts";
import { renderRunList } from "../report/render-run-list.ts";
import { findRun, type RunScope } from "../runs/find-runs.ts";
import type { AppDeps } from "./app-deps.ts";
import type { Octokit, RepoRef } from "./check-runs.ts";
import { runPlan } from "./plan-runner.ts";
import type { RepositoryPayload } from "./repo-access.ts";
import { startPullRequestRun } from "./start-pull-request-run.ts";

export interface CommandContext {
  octokit: Octokit;
  log: Logger;
  repo: RepoRef;
  repository: RepositoryPayload;
  deps: AppDeps;
  scope: RunScope;
  /** `fromFork`: its head is in another repository, so /run must name the reviewed commit. */
  pull: { number: number; headSha: string; fromFork: boolean };
  /** The pull request's head, read lazily (only commands that run something need it). */
  head: () => Promise<RepoSnapshot>;
  /** A commit of this pull request (an earlier head, for /rerun). */
  snapshotAt: (commit: string) => Promise<RepoSnapshot>;
  /** The default branch's policy: triggers and permissions are never taken from the PR. */
  basePolicy: RepoPolicy;
  actor: string;
  /** Identifies this comment's commands, so a redelivered comment starts nothing new. */
  idempotencyKey: string;
  installationId?: number;
}

export async function runPullRequestCommand(
  command: Command,
  context: CommandContext,
): Promise<string[]> {
  const { deps, scope } = context;
  switch (command.name) {
    case "help":
      return [renderHelp()];
    case "status":
      return [renderRunList(await pullRequestRows(deps, scope))];
    case "run":
      return startPullRequestRun(command, context);
    case "retry":
    case "rerun":
      return rerunCommand(
        { name: command.name, ...(command.run ? { run: command.run } : {}) },
        context,
      );
    case "stop":
    case "terminate": {
      const found = await findRun(deps.cluster, scope, command.run, { running: true });
      if (!found.ok) return [renderRefusal(`/${command.name}`, found.problem)];
      const outcome = await stopRunAction(
        found.run,
        deps,
        command.name === "stop" ? "Stop" : "Terminate",
      );
      return [outcome.ok ? outcome.message : renderRefusal(`/${command.name}`, outcome.problem)];
    }
    case "logs": {
      const found = await findRun(deps.cluster, scope, command.run);
      if (!found.ok) return [renderRefusal("/logs", found.problem)];
      const log = await stepLog(found.run, command.step, deps);
      if (!log.ok) return [renderRefusal("/logs", log.problem)];
      return [
        `Last lines of ${code(log.step)} in ${code(found.run.metadata.name)}:\n\n${codeBlock(log.text.trimEnd() || "(empty)")}`,
      ];
    }
    case "cron": {
      const outcome = await cronCommand(command.action, command.cron, {
        cluster: deps.cluster,
        namespace: scope.namespace,
        repoFullName: scope.repoFullName,
        actor: context.actor,
        idempotencyKey: `${context.idempotencyKey}/cron:${command.action}:${command.cron ?? ""}`,
        ...(deps.server.argo.instanceId ? { instanceId: deps.server.argo.instanceId } : {}),
        signer: deps.signer,
      });
      return [
        outcome.ok ? outcome.message : renderRefusal(`/cron ${command.action}`, outcome.problem),
      ];
    }
    case "plan":
      await runPlan(
        {
          octokit: context.octokit,
          log: context.log,
          repository: context.repository,
          headSha: context.pull.headSha,
          refs: [`refs/pull/${context.pull.number}/head`],
          namespace: scope.namespace,
        },
        deps,
      );
      return [];
  }
}

/** /rerun and /retry: of a run in the cluster, or of a pruned one by its record. */
async function rerunCommand(
  command: { name: "rerun" | "retry"; run?: string },
  context: CommandContext,
): Promise<string[]> {
  const { deps, scope } = context;
  const found = await findRun(deps.cluster, scope, command.run);
  if (!found.ok) {
    const pruned = command.run ? await prunedRun(context, command.run) : undefined;
    if (!pruned) return [renderRefusal(`/${command.name}`, found.problem)];
    if (command.name === "retry")
      return [
        `${renderRefusal("/retry", `${command.run} was pruned from the cluster, so its failed steps cannot be retried`)}; ${code(`/rerun ${command.run}`)} starts it again.`,
      ];
    const outcome = await rerunRun(previousRunOf(pruned), actionContext(context));
    return [outcome.ok ? outcome.message : renderRefusal("/rerun", outcome.problem)];
  }
  const actions = actionContext(context);
  const outcome =
    command.name === "retry"
      ? await retryRun(found.run, actions)
      : await rerunRun(found.run, actions);
  return [outcome.ok ? outcome.message : renderRefusal(`/${command.name}`, outcome.problem)];
}

/** A run of this pull request known only from the ledger (pruned from the cluster). */
async function prunedRun(context: CommandContext, name: string) {
  const record = await context.deps.ledger?.byName(context.scope.namespace, name);
  return record && record.repo === context.scope.repoFullName && record.pr === context.scope.pr
    ? record
    : undefined;
}

/** The pull request's side of the shared run actions: its comment starts runs on its PR. */
function actionContext(context: CommandContext): ActionContext {
  return {
    deps: context.deps,
    octokit: context.octokit,
    repo: context.repo,
    actor: context.actor,
    trigger: "comment",
    idempotencyKey: context.idempotencyKey,
    snapshotAt: (commit) => context.snapshotAt(commit),
    ...(context.installationId ? { installationId: context.installationId } : {}),
  };
}
