// Scheduled pipelines by command, from a pull request or Slack: list a repository's
// CronWorkflows, run one now, suspend or resume it. Suspend and resume are written by their
// own field manager and the sync leaves `spec.suspend` alone unless Git sets it, so they
// survive the next sync; setting `suspend` in Git takes the decision back.
import { createHash } from "node:crypto";
import type { ArgoCluster } from "../cluster/argo-cluster.ts";
import { type ArgoObject, argoApiVersion } from "../cluster/argo-kinds.ts";
import { KubeApiError } from "../cluster/kube-api-error.ts";
import {
  annotationKeys,
  labelKeys,
  labelValue,
  managedByValue,
  repoLabel,
} from "../cluster/labels.ts";
import { duration } from "../report/durations.ts";
import { identitySeal, type RunSigner } from "../runs/run-identity.ts";
import type { ActionOutcome } from "./run-actions.ts";

export const cronFieldManager = "coxswain-cron";

export type CronAction = "list" | "run-now" | "suspend" | "resume";

export interface CronContext {
  cluster: ArgoCluster;
  namespace: string;
  repoFullName: string;
  actor: string;
  /** Identifies the request: the same request twice starts one run. */
  idempotencyKey: string;
  /** The Argo controller's instance id, when it runs with one. */
  instanceId?: string;
  /** Signs the identity of a run started now. */
  signer: RunSigner;
}

export async function cronCommand(
  action: CronAction,
  name: string | undefined,
  context: CronContext,
): Promise<ActionOutcome> {
  if (action === "list") return { ok: true, message: await cronList(context) };
  if (!name) return { ok: false, problem: `say which CronWorkflow: /cron ${action} <name>` };
  const cron = await context.cluster.get("CronWorkflow", context.namespace, name);
  const ours =
    cron?.metadata.labels?.[labelKeys.managedBy] === managedByValue &&
    cron.metadata.labels?.[labelKeys.repo] === repoLabel(context.repoFullName);
  if (!cron || !ours) {
    const known = (await crons(context)).map((c) => c.metadata.name);
    return {
      ok: false,
      problem: `${context.repoFullName} has no CronWorkflow ${name} (it has: ${known.join(", ") || "none"})`,
    };
  }
  if (action === "run-now") {
    const wanted = runOf(cron, context);
    const run = await context.cluster
      .create("Workflow", context.namespace, wanted)
      .catch(async (error: unknown) => {
        // The same request again (a redelivered comment): the run it started.
        if (!(error instanceof KubeApiError) || error.code !== 409) throw error;
        const existing = await context.cluster.get(
          "Workflow",
          context.namespace,
          wanted.metadata.name,
        );
        if (!existing) throw error;
        return existing;
      });
    return { ok: true, run, message: `\`${name}\` started now as \`${run.metadata.name}\`.` };
  }
  const suspend = action === "suspend";
  await context.cluster.mergePatch(
    "CronWorkflow",
    context.namespace,
    name,
    { spec: { suspend } },
    cronFieldManager,
  );
  return {
    ok: true,
    message: suspend
      ? `\`${name}\` is suspended: it starts no scheduled run until \`/cron resume ${name}\` (the next sync keeps it so).`
      : `\`${name}\` is resumed: it runs on its schedule again.`,
  };
}

async function crons(context: CronContext): Promise<ArgoObject[]> {
  const found: ArgoObject[] = [];
  const labelSelector = `${labelKeys.managedBy}=${managedByValue},${labelKeys.repo}=${repoLabel(context.repoFullName)}`;
  for await (const cron of context.cluster.list("CronWorkflow", context.namespace, {
    labelSelector,
  }))
    found.push(cron);
  return found.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
}

async function cronList(context: CronContext): Promise<string> {
  const found = await crons(context);
  if (found.length === 0) return `${context.repoFullName} has no CronWorkflows.`;
  const lines = found.map((cron) => {
    const spec = (cron.spec ?? {}) as {
      schedules?: string[];
      schedule?: string;
      timezone?: string;
      suspend?: boolean;
    };
    const status = (cron.status ?? {}) as { lastScheduledTime?: string };
    const schedules = spec.schedules ?? (spec.schedule ? [spec.schedule] : []);
    const last = status.lastScheduledTime
      ? `, last run ${duration(status.lastScheduledTime, undefined)} ago`
      : "";
    return `- \`${cron.metadata.name}\`: ${schedules.map((s) => `\`${s}\``).join(", ")}${spec.timezone ? ` (${spec.timezone})` : ""}${spec.suspend ? " — **suspended**" : ""}${last}`;
  });
  return [`CronWorkflows of ${context.repoFullName}:`, ...lines].join("\n");
}

/** The run a CronWorkflow would start, started now (as `argo submit --from cronwf/…`). */
function runOf(cron: ArgoObject, context: CronContext): ArgoObject {
  const spec = ((cron.spec ?? {}) as { workflowSpec?: Record<string, unknown> }).workflowSpec ?? {};
  const template =
    (spec.workflowTemplateRef as { name?: string } | undefined)?.name ?? cron.metadata.name;
  const hash = createHash("sha256").update(context.idempotencyKey).digest("hex").slice(0, 8);
  const commit = cron.metadata.labels?.[labelKeys.commit] ?? "";
  const metadata = {
    name: `${cron.metadata.name.slice(0, 50).replace(/[^a-z0-9]+$/, "")}-${hash}`,
    labels: {
      [labelKeys.managedBy]: managedByValue,
      [labelKeys.repo]: repoLabel(context.repoFullName),
      [labelKeys.template]: labelValue(template),
      [labelKeys.commit]: commit,
      [labelKeys.trigger]: "cron",
      [labelKeys.actor]: labelValue(context.actor),
      "workflows.argoproj.io/cron-workflow": cron.metadata.name,
      ...(context.instanceId ? { [labelKeys.argoInstanceId]: context.instanceId } : {}),
    },
    annotations: {
      [annotationKeys.repoFullName]: context.repoFullName,
      [annotationKeys.actor]: context.actor,
      [annotationKeys.template]: template,
    } as Record<string, string>,
  };
  metadata.annotations[annotationKeys.identitySeal] = identitySeal(
    context.signer,
    context.namespace,
    metadata,
  );
  return { apiVersion: argoApiVersion, kind: "Workflow", metadata, spec };
}
