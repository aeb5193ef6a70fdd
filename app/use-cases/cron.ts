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
import { codeOf, lines, type Message, say } from "../report/message.ts";
import { identitySeal, type RunSigner } from "../runs/run-identity.ts";
import { done, type Outcome, refused } from "./outcome.ts";
import type { RepositoryContext } from "./repository-context.ts";
import type { Services } from "./services.ts";
import { commandKey } from "./trigger-of.ts";

export const cronFieldManager = "coxswain-cron";

export type CronAction = "list" | "run-now" | "suspend" | "resume";

interface CronContext {
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
  repository: RepositoryContext,
  ports: Pick<Services, "cluster" | "server" | "signer">,
  index = 0,
): Promise<Outcome> {
  const context: CronContext = {
    cluster: ports.cluster,
    namespace: repository.namespace,
    repoFullName: repository.fullName,
    actor: repository.actor.login,
    idempotencyKey: commandKey(repository, index, `cron:${action}:${name ?? ""}`),
    ...(ports.server.argo.instanceId ? { instanceId: ports.server.argo.instanceId } : {}),
    signer: ports.signer,
  };
  if (action === "list") return done(await cronList(context), false);
  if (!name) return refused(say`say which CronWorkflow: ${codeOf(`/cron ${action} <name>`)}`);
  const cron = await context.cluster.get("CronWorkflow", context.namespace, name);
  const ours =
    cron?.metadata.labels?.[labelKeys.managedBy] === managedByValue &&
    cron.metadata.labels?.[labelKeys.repo] === repoLabel(context.repoFullName);
  if (!cron || !ours) {
    const known = (await crons(context)).map((c) => c.metadata.name);
    return refused(
      say`${context.repoFullName} has no CronWorkflow ${name} (it has: ${known.join(", ") || "none"})`,
    );
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
    return done(say`${codeOf(name)} started now as ${codeOf(run.metadata.name)}.`);
  }
  const suspend = action === "suspend";
  await context.cluster.mergePatch(
    "CronWorkflow",
    context.namespace,
    name,
    { spec: { suspend } },
    cronFieldManager,
  );
  return done(
    suspend
      ? say`${codeOf(name)} is suspended: it starts no scheduled run until ${codeOf(`/cron resume ${name}`)} (the next sync keeps it so).`
      : say`${codeOf(name)} is resumed: it runs on its schedule again.`,
  );
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

async function cronList(context: CronContext): Promise<Message> {
  const found = await crons(context);
  if (found.length === 0) return say`${context.repoFullName} has no CronWorkflows.`;
  const entries = found.map((cron) => {
    const spec = (cron.spec ?? {}) as {
      schedules?: string[];
      schedule?: string;
      timezone?: string;
      suspend?: boolean;
    };
    const status = (cron.status ?? {}) as { lastScheduledTime?: string };
    const schedules = spec.schedules ?? (spec.schedule ? [spec.schedule] : []);
    const last = status.lastScheduledTime
      ? say`, last run ${duration(status.lastScheduledTime, undefined)} ago`
      : [];
    const when = schedules.flatMap((schedule, i) =>
      i === 0 ? [codeOf(schedule)] : [", ", codeOf(schedule)],
    );
    const zone = spec.timezone ? say` (${spec.timezone})` : [];
    return say`- ${codeOf(cron.metadata.name)}: ${when}${zone}${spec.suspend ? say` — suspended` : []}${last}`;
  });
  return lines([say`CronWorkflows of ${context.repoFullName}:`, ...entries]);
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
