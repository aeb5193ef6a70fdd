// /rerun (and "Re-run" on a run's check run, Slack's Rerun): the same template, parameters and
// commit as a new run — of a run still in the cluster, or of a pruned one from its ledger record.
// What it takes from config (Slack channel, metrics gate) is the default branch's, as for /run.
import type { ArgoObject } from "../cluster/argo-kinds.ts";
import { labelKeys } from "../cluster/labels.ts";
import type { RunRecord } from "../ledger/run-record.ts";
import { codeOf, plain, say } from "../report/message.ts";
import { inputsOf, type RunInputs } from "../runs/rerun.ts";
import { done, type Outcome, refused } from "./outcome.ts";
import type { RepositoryContext } from "./repository-context.ts";
import { findScopedRun } from "./scoped-runs.ts";
import type { Services } from "./services.ts";
import { startAndShow } from "./start-and-show.ts";
import { commandKey, refsFor, triggerOf } from "./trigger-of.ts";

export type RerunPorts = Pick<
  Services,
  "cluster" | "server" | "schema" | "signer" | "metrics" | "ledger"
>;

export interface Previous {
  name: string;
  inputs: RunInputs;
  pr?: number;
}

export async function rerunRun(
  name: string | undefined,
  context: RepositoryContext,
  ports: RerunPorts,
  index = 0,
): Promise<Outcome> {
  const previous = await previousRun(name, context, ports);
  if (!previous.ok) return refused(plain(previous.problem));
  return startAgain(previous.run, context, ports, index, "rerun");
}

/** Starts `previous` again; `verb` says which command asked (a retry without an Argo server). */
export async function startAgain(
  previous: Previous,
  context: RepositoryContext,
  ports: RerunPorts,
  index: number,
  verb: "rerun" | "retry",
): Promise<Outcome> {
  const { inputs, pr } = previous;
  const started = await startAndShow(
    {
      policy: context.policy,
      repoFullName: context.fullName,
      namespace: context.namespace,
      template: inputs.template,
      commit: inputs.commit,
      trigger: triggerOf(context),
      actor: context.actor.login,
      ...(context.actor.slackUser ? { slackUser: context.actor.slackUser } : {}),
      ...(context.installationId !== undefined ? { installationId: context.installationId } : {}),
      ...(pr !== undefined ? { pr } : {}),
      idempotencyKey: commandKey(context, index, `${verb}:${previous.name}`),
      snapshot: await context.gateway.snapshotAt(inputs.commit, refsFor(context, pr)),
      parameters: inputs.parameters,
    },
    context.gateway.presenter,
    ports,
  );
  if (!started.ok) return refused(say`${started.problems.join("\n")}`);
  const note =
    verb === "retry"
      ? say` No Argo server is configured, so this resubmits the whole pipeline rather than retrying only the failed steps.`
      : [];
  return done(
    say`${codeOf(previous.name)} started again as ${codeOf(started.run.metadata.name)}.${note}`,
  );
}

type Found = { ok: true; run: Previous; live?: ArgoObject } | { ok: false; problem: string };

/** The run to start again: in the cluster, or known only from the ledger (pruned). */
export async function previousRun(
  name: string | undefined,
  context: RepositoryContext,
  ports: RerunPorts,
): Promise<Found> {
  const found = await findScopedRun(context, ports, name);
  if (found.ok) {
    const inputs = inputsOf(found.run);
    const runName = found.run.metadata.name;
    if (!inputs)
      return { ok: false, problem: `${runName} does not say which template and commit it ran` };
    const pr = Number(found.run.metadata.labels?.[labelKeys.pr]) || undefined;
    return { ok: true, run: { name: runName, inputs, ...(pr ? { pr } : {}) }, live: found.run };
  }
  const record = name ? await prunedRecord(name, context, ports) : undefined;
  if (!record) return found;
  return {
    ok: true,
    run: {
      name: record.name,
      inputs: { template: record.template, commit: record.commit, parameters: record.parameters },
      ...(record.pr !== undefined ? { pr: record.pr } : {}),
    },
  };
}

/** A run of this repository (and pull request) known only from the ledger. */
async function prunedRecord(
  name: string,
  context: RepositoryContext,
  ports: RerunPorts,
): Promise<RunRecord | undefined> {
  const record = await ports.ledger?.byName(context.namespace, name);
  if (!record || record.repo !== context.fullName) return undefined;
  if (context.pullRequest && record.pr !== context.pullRequest.number) return undefined;
  return record;
}
