// A pull request closed or merged: its running runs are stopped (their exit handlers still
// run), unless the default branch's config says `runs.stopOnClose: false`. Not a person's
// request: GitHub's signed event says the pull request closed, so no permission is asked.
import { namespaceForRepository } from "../config/server-policy.ts";
import { isRunning, runsInScope } from "../runs/find-runs.ts";
import { stopRun } from "../runs/stop-run.ts";
import type { RepositoryGateway } from "./repository-gateway.ts";
import { type RunPorts, trustedRuns } from "./scoped-runs.ts";

export type StopOnClose =
  | { stopped: string[] }
  | { stopped: []; skipped: "not served" | "stopOnClose is false" | string };

export async function stopRunsOfClosedPullRequest(
  gateway: RepositoryGateway,
  pullRequest: number,
  ports: RunPorts,
): Promise<StopOnClose> {
  const mapping = namespaceForRepository(ports.server, gateway.fullName);
  if (!mapping.ok) return { stopped: [], skipped: "not served" };
  const read = await gateway.defaultBranchPolicy();
  if (!read.ok) return { stopped: [], skipped: read.problem };
  if (!read.policy.stopOnClose) return { stopped: [], skipped: "stopOnClose is false" };
  const runs = await runsInScope(
    ports.cluster,
    { namespace: mapping.namespace, repoFullName: gateway.fullName, pr: pullRequest },
    trustedRuns(ports),
  );
  const stopped: string[] = [];
  for (const run of runs.filter(isRunning)) {
    await stopRun(ports.cluster, mapping.namespace, run, "Stop");
    stopped.push(run.metadata.name);
  }
  return { stopped };
}
