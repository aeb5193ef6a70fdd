// The Workflow for a run of a template: labelled as coxswain's, named deterministically (a
// redelivered event creates nothing new), and pinned to the template's definition at the
// run's commit (embedded spec) unless the repository asks for a templateRef.
import { createHash } from "node:crypto";
import type { ArgoObject } from "../cluster/argo-kinds.ts";
import { argoApiVersion } from "../cluster/argo-kinds.ts";
import {
  annotationKeys,
  labelKeys,
  labelValue,
  managedByValue,
  repoLabel,
} from "../cluster/labels.ts";
import type { MetricsConfig } from "../config/metrics-config.ts";
import type { SlackNotify } from "../config/notifications-config.ts";
import { identitySeal, type RunSigner } from "./run-identity.ts";
import type { RunParameter } from "./run-parameters.ts";

export type RunTrigger =
  | "merge"
  | "pull-request"
  | "comment"
  | "slack"
  | "check-rerun"
  | "cli"
  | "web"
  | "cron";

export interface RunRequest {
  repoFullName: string;
  namespace: string;
  template: string;
  commit: string;
  trigger: RunTrigger;
  actor: string;
  pr?: number;
  /** Same key, same run name: what makes a redelivered event a no-op. */
  idempotencyKey: string;
  /** Label for a controller started with an instance id. */
  controllerInstanceId?: string;
  /** The GitHub App installation that reports the run. */
  installationId?: number;
  /** Where the run is announced in Slack. */
  slack?: SlackNotify;
  /** The Slack user who started it, when it was started from Slack. */
  slackUser?: string;
  /** The metrics to compare it on (a pull request's run). */
  metrics?: MetricsConfig;
}

export interface TemplateDefinition {
  name: string;
  spec: Record<string, unknown>;
}

export function runName(template: string, idempotencyKey: string): string {
  const hash = createHash("sha256").update(idempotencyKey).digest("hex").slice(0, 8);
  // Workflow names are at most 63 characters and end alphanumeric.
  return `${template.slice(0, 50).replace(/[^a-z0-9]+$/, "")}-${hash}`;
}

export function buildRun(
  request: RunRequest,
  template: TemplateDefinition,
  parameters: readonly RunParameter[],
  definition: "embedded" | "templateRef",
  signer: RunSigner,
): ArgoObject {
  const labels: Record<string, string> = {
    [labelKeys.managedBy]: managedByValue,
    [labelKeys.repo]: repoLabel(request.repoFullName),
    [labelKeys.template]: labelValue(request.template),
    [labelKeys.commit]: request.commit,
    [labelKeys.trigger]: request.trigger,
    [labelKeys.actor]: labelValue(request.actor),
    ...(request.pr !== undefined ? { [labelKeys.pr]: String(request.pr) } : {}),
    ...(request.controllerInstanceId
      ? { [labelKeys.argoInstanceId]: request.controllerInstanceId }
      : {}),
  };
  const annotations: Record<string, string> = {
    [annotationKeys.repoFullName]: request.repoFullName,
    [annotationKeys.actor]: request.actor,
    [annotationKeys.template]: request.template,
    ...(request.installationId
      ? { [annotationKeys.installationId]: String(request.installationId) }
      : {}),
    ...(request.slack ? { [annotationKeys.slackNotify]: JSON.stringify(request.slack) } : {}),
    ...(request.slackUser ? { [annotationKeys.slackUser]: request.slackUser } : {}),
    ...(request.metrics && Object.keys(request.metrics).length > 0
      ? { [annotationKeys.metrics]: JSON.stringify(request.metrics) }
      : {}),
  };
  const given = parameters.map(({ name, value }) => ({ name, value }));
  const spec =
    definition === "embedded"
      ? { ...template.spec, arguments: withParameters(template.spec.arguments, given) }
      : // Argo merges these over the template's own arguments.
        { workflowTemplateRef: { name: template.name }, arguments: { parameters: given } };
  const metadata = { name: runName(request.template, request.idempotencyKey), labels, annotations };
  annotations[annotationKeys.identitySeal] = identitySeal(signer, request.namespace, metadata);
  return { apiVersion: argoApiVersion, kind: "Workflow", metadata, spec };
}

/** The template's arguments with the given values in place of its own. */
function withParameters(templateArguments: unknown, given: Array<{ name: string; value: string }>) {
  const args = (templateArguments ?? {}) as { parameters?: Array<Record<string, unknown>> };
  const byName = new Map(given.map((parameter) => [parameter.name, parameter.value]));
  const declared = (args.parameters ?? []).map((parameter) => {
    const value = byName.get(String(parameter.name));
    if (value === undefined) return parameter;
    const { valueFrom: _resolvedByArgo, ...rest } = parameter;
    return { ...rest, value };
  });
  return { ...args, parameters: declared };
}
