// The one dispatcher: a typed command, in a repository context whose actor may act, becomes the
// one use case of its verb, whichever channel it came from. (`/plan` is the pull request's own:
// its adapter re-plans the check run.)
import type { Command } from "../commands/parse-comment.ts";
import { cronCommand } from "./cron.ts";
import { listRuns } from "./list-runs.ts";
import type { Outcome } from "./outcome.ts";
import type { RepositoryContext } from "./repository-context.ts";
import { rerunRun } from "./rerun-run.ts";
import { retryRun } from "./retry-run.ts";
import { runTemplate } from "./run-template.ts";
import type { Services } from "./services.ts";
import { showLogs } from "./show-logs.ts";
import { shutDownRun } from "./shut-down-run.ts";

export type CommandPorts = Pick<
  Services,
  "cluster" | "core" | "server" | "schema" | "signer" | "metrics" | "ledger" | "argoServer"
>;

/** `index`: the command's place in its request (two /run lines start two runs). */
export async function performCommand(
  command: Exclude<Command, { name: "plan" }>,
  context: RepositoryContext,
  ports: CommandPorts,
  index = 0,
): Promise<Outcome> {
  switch (command.name) {
    case "help":
      return { kind: "help" };
    case "status":
      return listRuns(context, ports);
    case "run":
      return runTemplate(command, context, ports, index);
    case "rerun":
      return rerunRun(command.run, context, ports, index);
    case "retry":
      return retryRun(command.run, context, ports, index);
    case "stop":
      return shutDownRun("Stop", command.run, context, ports);
    case "terminate":
      return shutDownRun("Terminate", command.run, context, ports);
    case "logs":
      return showLogs(command.step, command.run, context, ports);
    case "cron":
      return cronCommand(command.action, command.cron, context, ports, index);
  }
}
