// /run on a pull request: start the pipeline as defined at the PR head, show it as a check run
// on the head commit and as one PR comment, and stop an older run of the same template when its
// trigger asks for it.

import { type ArgoServer, ArgoServerError } from "../cluster/argo-server.ts";
import { annotationKeys, labelKeys } from "../cluster/labels.ts";
import type { Command } from "../commands/parse-comment.ts";
import { runCheckName } from "../report/run-marker.ts";
import { findRun } from "../runs/find-runs.ts";
import { inputsOf } from "../runs/rerun.ts";
import { runStatusOf } from "../runs/run-status.ts";
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

/** /rerun (and /retry without an Argo server): the same template, parameters and commit again. */
export async function rerunPullRequestRun(
  command: { name: "rerun" | "retry"; run?: string },
  context: CommandContext,
): Promise<string[]> {
  const { deps, scope } = context;
  const found = await findRun(deps.cluster, scope, command.run);
  if (!found.ok) return [`\`/${command.name}\`: ${found.problem}`];
  const previous = found.run;
  const inputs = inputsOf(previous);
  if (!inputs)
    return [
      `\`/${command.name}\`: ${previous.metadata.name} does not say which template and commit it ran`,
    ];
  const started = await startAndShowRun(
    {
      octokit: context.octokit,
      repo: context.repo,
      repoFullName: scope.repoFullName,
      namespace: scope.namespace,
      template: inputs.template,
      commit: inputs.commit,
      trigger: "comment",
      actor: context.actor,
      ...(context.installationId ? { installationId: context.installationId } : {}),
      pr: context.pull.number,
      idempotencyKey: `${context.idempotencyKey}/${command.name}:${previous.metadata.name}`,
      snapshot: await context.snapshotAt(inputs.commit),
      parameters: inputs.parameters,
    },
    deps,
  );
  if (!started.ok) return [`\`/${command.name}\`: ${started.problems.join("\n")}`];
  if (!started.created) return [];
  const note =
    command.name === "retry"
      ? " No Argo server is configured, so this resubmits the whole pipeline rather than retrying only the failed steps."
      : "";
  return [
    `\`${previous.metadata.name}\` started again as \`${started.run.metadata.name}\`.${note}`,
  ];
}

/** /retry with an Argo server: its failed steps run again in the same Workflow, reported anew. */
export async function retryFailedSteps(
  command: { run?: string },
  context: CommandContext,
  argoServer: ArgoServer,
): Promise<string[]> {
  const { deps, scope, octokit, repo } = context;
  const found = await findRun(deps.cluster, scope, command.run);
  if (!found.ok) return [`\`/retry\`: ${found.problem}`];
  const run = found.run;
  const status = runStatusOf(run);
  if (status.phase !== "Failed" && status.phase !== "Error") {
    return [
      `\`/retry\`: ${run.metadata.name} has not failed (${status.phase}); there is nothing to retry. \`/rerun\` starts it again.`,
    ];
  }
  try {
    await argoServer.retry(scope.namespace, run.metadata.name);
  } catch (error) {
    if (error instanceof ArgoServerError) return [`\`/retry\`: ${error.message}`];
    throw error;
  }
  const { data: check } = await octokit.rest.checks.create({
    ...repo,
    name: runCheckName(status.template),
    head_sha: run.metadata.labels?.[labelKeys.commit] ?? context.pull.headSha,
    status: "queued",
    external_id: run.metadata.name,
  });
  await deps.cluster.mergePatch("Workflow", scope.namespace, run.metadata.name, {
    metadata: {
      annotations: {
        [annotationKeys.checkRunId]: String(check.id),
        [annotationKeys.retries]: String(status.retries + 1),
        [annotationKeys.notifiedPhase]: null,
        [annotationKeys.failedStepLog]: null,
      },
    },
  });
  return [`Retrying the failed steps of \`${run.metadata.name}\` through the Argo server.`];
}
