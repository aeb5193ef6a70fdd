// The answer to /help.
import { commandNames } from "../commands/parse-comment.ts";

const usage: Record<(typeof commandNames)[number], string> = {
  run: "`/run <template> [@commit] [name=value …]` start a pipeline as defined at this pull request's head (`@commit`, the head you reviewed, is required on a fork's pull request)",
  rerun: "`/rerun [run]` run the same template again with the same parameters and commit",
  retry: "`/retry [run]` retry the failed steps of a run",
  stop: "`/stop [run]` stop a run; its exit handler still runs",
  terminate: "`/terminate [run]` stop a run at once, without its exit handler",
  status: "`/status` the runs of this pull request",
  logs: "`/logs <step> [run]` the last lines of a step's log",
  plan: "`/plan` plan this pull request again",
  cron: "`/cron list`, `/cron run-now|suspend|resume <name>` the repository's CronWorkflows",
  help: "`/help` this list",
};

export function renderHelp(): string {
  const lines = commandNames.map((name) => `- ${usage[name]}`);
  return `**coxswain commands** (one per line; without \`[run]\` the latest run of this pull request):\n\n${lines.join("\n")}`;
}
