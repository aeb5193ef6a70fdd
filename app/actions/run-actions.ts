// What a person can do to an existing run, whether they ask from a pull request comment or a
// Slack button or command: start it again, retry its failed steps, stop it, read a step's log.
// Each answers with a value the channel renders; a new run is shown on GitHub like any other.
import type { ArgoObject } from "../cluster/argo-kinds.ts";
import { ArgoServerError } from "../cluster/argo-server.ts";
import { annotationKeys, labelKeys } from "../cluster/labels.ts";
import type { RepoSnapshot } from "../git/repo-mirror.ts";
import type { AppDeps } from "../github/app-deps.ts";
import type { Octokit, RepoRef } from "../github/check-runs.ts";
import { startAndShowRun } from "../github/start-and-show-run.ts";
import { runCheckName } from "../report/run-marker.ts";
import type { RunTrigger } from "../runs/build-run.ts";
import { inputsOf } from "../runs/rerun.ts";
import { sealedPointers } from "../runs/run-identity.ts";
import { runStatusOf } from "../runs/run-status.ts";
import { keptFailedLog, stepLogTail, stepNamed } from "../runs/step-log.ts";
import { stopRun } from "../runs/stop-run.ts";

export interface ActionContext {
  deps: AppDeps;
  /** The run's repository on GitHub, where a new run is shown. */
  octokit: Octokit;
  repo: RepoRef;
  installationId?: number;
  /** The GitHub login acting (for Slack: the login the Slack user maps to). */
  actor: string;
  slackUser?: string;
  trigger: RunTrigger;
  /** Identifies this request, so the same request twice starts one run. */
  idempotencyKey: string;
  /** The repository at a commit (fetched if needed). */
  snapshotAt: (commit: string, pr?: number) => Promise<RepoSnapshot>;
}

export type ActionOutcome =
  | { ok: true; message: string; run?: ArgoObject }
  | { ok: false; problem: string };

/** The same template, parameters and commit again, as a new run (of the same pull request). */
export async function rerunRun(
  previous: ArgoObject,
  context: ActionContext,
  verb: "rerun" | "retry" = "rerun",
): Promise<ActionOutcome> {
  const inputs = inputsOf(previous);
  const name = previous.metadata.name;
  if (!inputs)
    return { ok: false, problem: `${name} does not say which template and commit it ran` };
  const pr = Number(previous.metadata.labels?.[labelKeys.pr]) || undefined;
  const repoFullName = previous.metadata.annotations?.[annotationKeys.repoFullName] ?? "";
  const started = await startAndShowRun(
    {
      octokit: context.octokit,
      repo: context.repo,
      repoFullName,
      namespace: previous.metadata.namespace ?? "",
      template: inputs.template,
      commit: inputs.commit,
      trigger: context.trigger,
      actor: context.actor,
      ...(context.slackUser ? { slackUser: context.slackUser } : {}),
      ...(pr ? { pr } : {}),
      ...(context.installationId ? { installationId: context.installationId } : {}),
      idempotencyKey: `${context.idempotencyKey}/${verb}:${name}`,
      snapshot: await context.snapshotAt(inputs.commit, pr),
      parameters: inputs.parameters,
    },
    context.deps,
  );
  if (!started.ok) return { ok: false, problem: started.problems.join("\n") };
  const note =
    verb === "retry"
      ? " No Argo server is configured, so this resubmits the whole pipeline rather than retrying only the failed steps."
      : "";
  return {
    ok: true,
    run: started.run,
    message: `\`${name}\` started again as \`${started.run.metadata.name}\`.${note}`,
  };
}

/** Failed steps again in the same run through the Argo server; without one, a rerun. */
export async function retryRun(run: ArgoObject, context: ActionContext): Promise<ActionOutcome> {
  const status = runStatusOf(run);
  const name = run.metadata.name;
  if (status.phase !== "Failed" && status.phase !== "Error") {
    return {
      ok: false,
      problem: `${name} has not failed (${status.phase}); there is nothing to retry; rerun it to start it again.`,
    };
  }
  const argoServer = context.deps.argoServer;
  if (!argoServer) return rerunRun(run, context, "retry");
  const namespace = run.metadata.namespace ?? "";
  try {
    await argoServer.retry(namespace, name);
  } catch (error) {
    if (error instanceof ArgoServerError) return { ok: false, problem: error.message };
    throw error;
  }
  const commit = run.metadata.labels?.[labelKeys.commit];
  const annotations: Record<string, string | null> = {
    [annotationKeys.retries]: String(status.retries + 1),
    [annotationKeys.notifiedPhase]: null,
    [annotationKeys.slackNotifiedPhase]: null,
    [annotationKeys.failedStepLog]: null,
  };
  if (commit) {
    // The retried run is shown anew: a fresh check run, so the commit's status is not stale.
    const { data: check } = await context.octokit.rest.checks.create({
      ...context.repo,
      name: runCheckName(status.template),
      head_sha: commit,
      status: "queued",
      external_id: name,
    });
    Object.assign(
      annotations,
      sealedPointers(context.deps.signer, namespace, name, {
        [annotationKeys.checkRunId]: String(check.id),
      }),
    );
  }
  await context.deps.cluster.mergePatch("Workflow", namespace, name, {
    metadata: { annotations },
  });
  return {
    ok: true,
    run,
    message: `Retrying the failed steps of \`${name}\` through the Argo server.`,
  };
}

/** Stop (exit handlers still run) or Terminate (they do not). */
export async function stopRunAction(
  run: ArgoObject,
  deps: Pick<AppDeps, "cluster">,
  mode: "Stop" | "Terminate",
): Promise<ActionOutcome> {
  await stopRun(deps.cluster, run.metadata.namespace ?? "", run, mode);
  const how =
    mode === "Stop"
      ? "stopping it; its exit handler still runs"
      : "terminating it, without its exit handler";
  return { ok: true, run, message: `\`${run.metadata.name}\`: ${how}.` };
}

export type LogOutcome = { ok: true; step: string; text: string } | { ok: false; problem: string };

/** The last lines of a step's log (default: the first failed step), from its pod or as kept. */
export async function stepLog(
  run: ArgoObject,
  stepName: string | undefined,
  deps: Pick<AppDeps, "core">,
): Promise<LogOutcome> {
  const name = run.metadata.name;
  const status = runStatusOf(run);
  const step = stepName ? stepNamed(run, stepName) : status.failedSteps[0];
  if (!step) {
    if (!stepName) return { ok: false, problem: `${name} has no failed step; name the step` };
    const names = status.steps.map((s) => s.displayName);
    return {
      ok: false,
      problem: `${name} has no step ${stepName} (steps: ${names.join(", ") || "none yet"})`,
    };
  }
  const live = await stepLogTail(deps.core, run, step);
  const kept = keptFailedLog(run);
  const text = live?.text ?? (kept?.step === step.name ? kept.text : undefined);
  if (text === undefined) {
    return {
      ok: false,
      problem: `no log for ${step.displayName} in ${name}: its pod has not started or is gone`,
    };
  }
  return { ok: true, step: step.displayName, text };
}
