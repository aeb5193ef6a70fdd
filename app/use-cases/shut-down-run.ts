// /stop and /terminate: Stop lets the run's exit handler run, Terminate does not (Argo reads
// spec.shutdown). Without a name, the newest running run of the pull request.
import { codeOf, plain, say } from "../report/message.ts";
import { isRunning, phaseOf } from "../runs/find-runs.ts";
import { type Shutdown, stopRun } from "../runs/stop-run.ts";
import { done, type Outcome, refused } from "./outcome.ts";
import type { RepositoryContext } from "./repository-context.ts";
import { findScopedRun, type RunPorts } from "./scoped-runs.ts";

export async function shutDownRun(
  how: Shutdown,
  name: string | undefined,
  context: RepositoryContext,
  ports: RunPorts,
): Promise<Outcome> {
  const found = await findScopedRun(context, ports, name, { running: name === undefined });
  if (!found.ok) return refused(plain(found.problem));
  const { run } = found;
  if (!isRunning(run))
    return refused(say`${run.metadata.name} is not running (${phaseOf(run) || "Pending"}).`);
  await stopRun(ports.cluster, context.namespace, run, how);
  const what =
    how === "Stop"
      ? "stopping it; its exit handler still runs"
      : "terminating it, without its exit handler";
  return done(say`${codeOf(run.metadata.name)}: ${what}.`);
}
