// What each slash command does on a pull request, once the commenter may use commands.
// Each returns the lines to answer with (a started run answers with its own comment).
import type { Logger } from "pino";
import type { Command } from "../commands/parse-comment.ts";
import type { RepoPolicy } from "../config/repo-config.ts";
import type { RepoSnapshot } from "../git/repo-mirror.ts";
import { codeBlock } from "../report/markdown.ts";
import { renderHelp } from "../report/render-help.ts";
import { renderRunList } from "../report/render-run-list.ts";
import { findRun, type RunScope, runsOfPullRequest } from "../runs/find-runs.ts";
import { runStatusOf } from "../runs/run-status.ts";
import { keptFailedLog, stepLogTail, stepNamed } from "../runs/step-log.ts";
import { stopRun } from "../runs/stop-run.ts";
import type { AppDeps } from "./app-deps.ts";
import type { Octokit, RepoRef } from "./check-runs.ts";
import { runPlan } from "./plan-runner.ts";
import type { RepositoryPayload } from "./repo-access.ts";
import {
  rerunPullRequestRun,
  retryFailedSteps,
  startPullRequestRun,
} from "./start-pull-request-run.ts";

export interface CommandContext {
  octokit: Octokit;
  log: Logger;
  repo: RepoRef;
  repository: RepositoryPayload;
  deps: AppDeps;
  scope: RunScope;
  pull: { number: number; headSha: string };
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
      return [renderRunList(await runsOfPullRequest(deps.cluster, scope))];
    case "run":
      return startPullRequestRun(command, context);
    case "retry":
      if (deps.argoServer) return retryFailedSteps(command, context, deps.argoServer);
      return rerunPullRequestRun(
        { name: command.name, ...(command.run ? { run: command.run } : {}) },
        context,
      );
    case "rerun":
      return rerunPullRequestRun(
        { name: command.name, ...(command.run ? { run: command.run } : {}) },
        context,
      );
    case "stop":
    case "terminate": {
      const found = await findRun(deps.cluster, scope, command.run, { running: true });
      if (!found.ok) return [`\`/${command.name}\`: ${found.problem}`];
      await stopRun(
        deps.cluster,
        scope.namespace,
        found.run,
        command.name === "stop" ? "Stop" : "Terminate",
      );
      const how =
        command.name === "stop"
          ? "stopping it; its exit handler still runs"
          : "terminating it, without its exit handler";
      return [`\`${found.run.metadata.name}\`: ${how}.`];
    }
    case "logs":
      return stepLogAnswer(command, context);
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

async function stepLogAnswer(
  command: { step: string; run?: string },
  context: CommandContext,
): Promise<string[]> {
  const { deps, scope } = context;
  const found = await findRun(deps.cluster, scope, command.run);
  if (!found.ok) return [`\`/logs\`: ${found.problem}`];
  const run = found.run;
  const step = stepNamed(run, command.step);
  if (!step) {
    const names = runStatusOf(run).steps.map((s) => s.displayName);
    return [
      `\`/logs\`: ${run.metadata.name} has no step ${command.step} (steps: ${names.join(", ") || "none yet"})`,
    ];
  }
  const live = await stepLogTail(deps.core, run, step);
  const kept = keptFailedLog(run);
  const text = live?.text ?? (kept?.step === step.name ? kept.text : undefined);
  if (text === undefined) {
    return [
      `\`/logs\`: no log for ${step.displayName} in ${run.metadata.name}: its pod has not started or is gone`,
    ];
  }
  return [
    `Last lines of \`${step.displayName}\` in \`${run.metadata.name}\`:\n\n${codeBlock(text.trimEnd() || "(empty)")}`,
  ];
}
