// /run on a pull request: start the pipeline as defined at the PR head, show it as a check run
// on the head commit and as one PR comment, and stop an older run of the same template when its
// trigger asks for it.

import { annotationKeys, labelKeys } from "../cluster/labels.ts";
import type { Command } from "../commands/parse-comment.ts";
import { renderRunStarted } from "../report/render-run-started.ts";
import { runCheckName } from "../report/run-marker.ts";
import { isRunning, runsOfPullRequest } from "../runs/find-runs.ts";
import { startRun } from "../runs/start-run.ts";
import { stopRun } from "../runs/stop-run.ts";
import type { CommandContext } from "./pull-request-commands.ts";

export async function startPullRequestRun(
  command: Extract<Command, { name: "run" }>,
  context: CommandContext,
): Promise<string[]> {
  const { deps, scope, octokit, repo } = context;
  const trigger = context.basePolicy.triggers.find(
    (t) => t.on === "comment" && t.template === command.template,
  );
  const started = await startRun(
    {
      repoFullName: scope.repoFullName,
      namespace: scope.namespace,
      template: command.template,
      commit: context.pull.headSha,
      trigger: "comment",
      actor: context.actor,
      pr: context.pull.number,
      idempotencyKey: `${context.idempotencyKey}/run:${command.template}`,
      snapshot: await context.head(),
      parameters: { ...(trigger?.parameters ?? {}), ...command.parameters },
    },
    deps,
  );
  if (!started.ok) return [`\`/run ${command.template}\`: ${started.problems.join("\n")}`];
  if (!started.created) return []; // the same comment again: that run is already reported
  const run = started.run;
  const { data: check } = await octokit.rest.checks.create({
    ...repo,
    name: runCheckName(command.template),
    head_sha: context.pull.headSha,
    status: "queued",
    external_id: run.metadata.name,
  });
  const { data: comment } = await octokit.rest.issues.createComment({
    ...repo,
    issue_number: context.pull.number,
    body: renderRunStarted(run, scope.namespace),
  });
  await deps.cluster.mergePatch("Workflow", scope.namespace, run.metadata.name, {
    metadata: {
      annotations: {
        [annotationKeys.checkRunId]: String(check.id),
        [annotationKeys.commentId]: String(comment.id),
      },
    },
  });
  if (trigger?.cancelInProgress) {
    const older = (await runsOfPullRequest(deps.cluster, scope)).filter(
      (other) =>
        other.metadata.name !== run.metadata.name &&
        other.metadata.labels?.[labelKeys.template] === run.metadata.labels?.[labelKeys.template] &&
        isRunning(other),
    );
    for (const other of older) await stopRun(deps.cluster, scope.namespace, other, "Stop");
  }
  return [];
}
