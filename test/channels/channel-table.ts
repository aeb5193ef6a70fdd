// The verbs and the channels that offer them, how each is asked there, and what of an answer and
// of a change in the cluster is the use case's own (channels format answers their own way).
import type { ArgoObject } from "../../app/cluster/argo-kinds.ts";

export type Channel = "pr-comment" | "check-rerun" | "slack-command" | "slack-button" | "web-form";

export const channels: readonly Channel[] = [
  "pr-comment",
  "check-rerun",
  "slack-command",
  "slack-button",
  "web-form",
];
export type Verb =
  | "run"
  | "rerun"
  | "retry"
  | "stop"
  | "terminate"
  | "status"
  | "logs"
  | "cron"
  | "help";

export interface VerbRow {
  channels: Channel[];
  /** Channels that do not ask for permission (they name no repository), with why. */
  unchecked?: { channel: Channel; why: string };
  /** The run the verb acts on, as Argo leaves it, made before it is asked. */
  needs?: "running" | "failed";
  comment(run: string): string;
  slack(run: string): string;
}

export const verbs: Record<Verb, VerbRow> = {
  run: {
    channels: ["pr-comment", "slack-command"],
    comment: () => "/run train lr=0.3",
    slack: () => "run acme/pipelines train lr=0.3",
  },
  rerun: {
    channels: ["pr-comment", "check-rerun", "slack-command", "slack-button", "web-form"],
    needs: "failed",
    comment: (run) => `/rerun ${run}`,
    slack: (run) => `rerun ${run}`,
  },
  retry: {
    channels: ["pr-comment", "slack-command", "slack-button"],
    needs: "failed",
    comment: (run) => `/retry ${run}`,
    slack: (run) => `retry ${run}`,
  },
  stop: {
    channels: ["pr-comment", "slack-command", "slack-button"],
    needs: "running",
    comment: (run) => `/stop ${run}`,
    slack: (run) => `stop ${run}`,
  },
  terminate: {
    channels: ["pr-comment"],
    needs: "running",
    comment: (run) => `/terminate ${run}`,
    slack: () => "",
  },
  status: {
    channels: ["pr-comment", "slack-command"],
    needs: "failed",
    comment: () => "/status",
    slack: () => "status acme/pipelines",
  },
  logs: {
    channels: ["pr-comment", "slack-command", "slack-button"],
    needs: "failed",
    comment: (run) => `/logs train ${run}`,
    slack: (run) => `logs ${run} train`,
  },
  cron: {
    channels: ["pr-comment", "slack-command"],
    comment: () => "/cron list",
    slack: () => "cron acme/pipelines list",
  },
  help: {
    channels: ["pr-comment", "slack-command"],
    unchecked: {
      channel: "slack-command",
      why: "/coxswain help names no repository, so there is no permission to check",
    },
    comment: () => "/help",
    slack: () => "help",
  },
};

/** What no channel offers, and why: printed by the table so a gap is never silent. */
export const notOffered: Array<{ verb: Verb; channel: Channel; why: string }> = [
  { verb: "run", channel: "check-rerun", why: "Re-run starts a run that exists again" },
  { verb: "run", channel: "slack-button", why: "a button acts on the run of its message" },
  { verb: "retry", channel: "check-rerun", why: "Re-run is a rerun" },
  { verb: "stop", channel: "check-rerun", why: "Re-run is a rerun" },
  {
    verb: "terminate",
    channel: "slack-command",
    why: "Slack offers Stop only (the exit handler runs)",
  },
  { verb: "terminate", channel: "slack-button", why: "Slack offers Stop only" },
  { verb: "logs", channel: "check-rerun", why: "Re-run is a rerun" },
  { verb: "terminate", channel: "check-rerun", why: "Re-run is a rerun" },
  { verb: "status", channel: "check-rerun", why: "Re-run is a rerun" },
  { verb: "cron", channel: "check-rerun", why: "Re-run is a rerun" },
  { verb: "help", channel: "check-rerun", why: "Re-run is a rerun" },
  { verb: "status", channel: "slack-button", why: "a button acts on one run" },
  { verb: "cron", channel: "slack-button", why: "a button acts on one run" },
  { verb: "help", channel: "slack-button", why: "a button acts on one run" },
  ...(["run", "retry", "stop", "terminate", "status", "logs", "cron", "help"] as const).map(
    (verb) => ({
      verb,
      channel: "web-form" as const,
      why: "the run history page offers Rerun on a run's page (it lists runs and logs itself)",
    }),
  ),
];

/** The answer as a person reads it, whatever the channel's syntax and its address line. */
export function readAnswer(text: string, names: Record<string, string>): string {
  let read = text
    .replace(/^@[\w-]+, /, "")
    .replace(/^<@U\w+>: /, "")
    .replace(/^`\/[^`]+`: /, "")
    .replace(/```/g, "")
    .replace(/&#8203;/g, "")
    .replace(/\\(.)/g, "$1")
    .replace(/[`*]/g, "")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&")
    .replace(/\s+/g, " ")
    .trim();
  for (const [name, placeholder] of Object.entries(names))
    read = read.replaceAll(name, placeholder);
  return read;
}

export interface Effect {
  started: Array<{ template: string; commit: string; pr?: string; parameters: unknown }>;
  changed: Array<{ shutdown?: string; retries?: string }>;
}

/** What the cluster's runs show changed: runs started, and the run acted on changed. */
export function effectBetween(
  before: readonly ArgoObject[],
  after: readonly ArgoObject[],
  commits: Record<string, string>,
): Effect {
  const known = new Map(before.map((run) => [run.metadata.name, run]));
  const started = after
    .filter((run) => !known.has(run.metadata.name))
    .map((run) => {
      const labels = run.metadata.labels ?? {};
      const commit = labels["coxswain.dev/commit"] ?? "";
      return {
        template: labels["coxswain.dev/template"] ?? "",
        commit: commits[commit] ?? commit,
        ...(labels["coxswain.dev/pr"] ? { pr: labels["coxswain.dev/pr"] } : {}),
        parameters: (run.spec as { arguments?: { parameters?: unknown } }).arguments?.parameters,
      };
    });
  const changed = after
    .filter((run) => known.has(run.metadata.name))
    .flatMap((run) => {
      const was = known.get(run.metadata.name);
      const shutdown = (run.spec as { shutdown?: string }).shutdown;
      const retries = run.metadata.annotations?.["coxswain.dev/retries"];
      const wasShutdown = (was?.spec as { shutdown?: string } | undefined)?.shutdown;
      const wasRetries = was?.metadata.annotations?.["coxswain.dev/retries"];
      if (shutdown === wasShutdown && retries === wasRetries) return [];
      return [{ ...(shutdown ? { shutdown } : {}), ...(retries ? { retries } : {}) }];
    });
  return { started, changed };
}
