// Every label and annotation key coxswain writes, in one place, and how values are made safe.
import { createHash } from "node:crypto";

export const labelKeys = {
  managedBy: "app.kubernetes.io/managed-by",
  repo: "coxswain.dev/repo",
  /** On synced definitions: the repository's GitHub id, which a rename or transfer keeps. */
  repoId: "coxswain.dev/repo-id",
  sourcePath: "coxswain.dev/source-path",
  commit: "coxswain.dev/commit",
  // on runs
  template: "coxswain.dev/template",
  pr: "coxswain.dev/pr",
  trigger: "coxswain.dev/trigger",
  actor: "coxswain.dev/actor",
  // set by Argo's controller
  argoPhase: "workflows.argoproj.io/phase",
  argoCompleted: "workflows.argoproj.io/completed",
  argoInstanceId: "workflows.argoproj.io/controller-instanceid",
} as const;

export const annotationKeys = {
  repoFullName: "coxswain.dev/repo-full-name",
  sourcePath: "coxswain.dev/source-path",
  // on runs
  actor: "coxswain.dev/actor",
  /** The template's name in full (its label value may be shortened). */
  template: "coxswain.dev/template",
  checkRunId: "coxswain.dev/check-run-id",
  installationId: "coxswain.dev/installation-id",
  commentId: "coxswain.dev/pr-comment-id",
  notifiedPhase: "coxswain.dev/notified-phase",
  /** The failed step's log tail (masked), kept on the run so it survives pod clean-up. */
  failedStepLog: "coxswain.dev/failed-step-log",
  /** Where the run's time went, step by step (JSON), kept when it ends, before its pods go. */
  stepTimeline: "coxswain.dev/step-timeline",
  /** Times the run's failed steps were retried (each retry is reported anew). */
  retries: "coxswain.dev/retries",
  /** Where the run is announced in Slack: JSON {channel, phases, mention}, set when it starts. */
  slackNotify: "coxswain.dev/slack-notify",
  /** The run's Slack message, `<channel id>/<ts>`, once posted (it is then updated in place). */
  slackMessage: "coxswain.dev/slack-message",
  slackNotifiedPhase: "coxswain.dev/slack-notified-phase",
  /** On a synced WorkflowTemplate: how many of its finished runs are kept, and how long. */
  retention: "coxswain.dev/retention",
  /** The metrics a pull request's run is compared on (JSON), from the default branch's config. */
  metrics: "coxswain.dev/metrics",
  /** The Slack user who started the run (its actor is the GitHub login they act as). */
  slackUser: "coxswain.dev/slack-user",
  /** coxswain's signature over the run's identity (app/runs/run-identity.ts). */
  identitySeal: "coxswain.dev/identity-seal",
} as const;

export const managedByValue = "coxswain";

/** The label selector of everything coxswain manages. */
export const managedSelector = `${labelKeys.managedBy}=${managedByValue}`;

export function repoLabel(fullName: string): string {
  return labelValue(fullName.replace("/", "."));
}

/**
 * A label value: at most 63 of [A-Za-z0-9._-], starting and ending alphanumeric.
 * Values stay readable (`/` becomes `_`); the full value goes in an annotation where it matters.
 * A value too long keeps its start plus a short hash, so distinct values stay distinct.
 */
export function labelValue(raw: string): string {
  const cleaned = raw
    .replace(/[^A-Za-z0-9._-]/g, "_")
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, "");
  if (cleaned.length <= 63) return cleaned;
  const hash = createHash("sha256").update(raw).digest("hex").slice(0, 10);
  const head = cleaned.slice(0, 52).replace(/[^A-Za-z0-9]+$/, "");
  return `${head}-${hash}`.replace(/^[^A-Za-z0-9]+/, "");
}

/** True for label/annotation keys that only coxswain may set. */
export function isReservedKey(key: string): boolean {
  return key === labelKeys.managedBy || key.startsWith("coxswain.dev/");
}
