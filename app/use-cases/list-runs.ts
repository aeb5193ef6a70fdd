// /status: the runs of the pull request (or the repository), newest first: those still in the
// cluster and, from the run ledger, the ones pruned since.
import { plain } from "../report/message.ts";
import { type RunRow, rowOfRecord, rowOfWorkflow } from "../report/run-rows.ts";
import type { Outcome } from "./outcome.ts";
import type { RepositoryContext } from "./repository-context.ts";
import { type RunPorts, runsOf } from "./scoped-runs.ts";
import type { Services } from "./services.ts";

/** How many records the ledger is asked for: a list shows the newest few. */
const recordsAsked = 100;

export async function listRuns(
  context: RepositoryContext,
  ports: RunPorts & Pick<Services, "ledger">,
): Promise<Outcome> {
  const live = await runsOf(context, ports);
  const rows: RunRow[] = live.map(rowOfWorkflow);
  const inCluster = new Set(rows.map((row) => row.name));
  const pr = context.pullRequest?.number;
  const records =
    pr !== undefined
      ? await ports.ledger?.ofPullRequest(context.namespace, context.fullName, pr, recordsAsked)
      : await ports.ledger?.ofRepository(context.namespace, context.fullName, recordsAsked);
  for (const record of records ?? [])
    if (!inCluster.has(record.name)) rows.push(rowOfRecord(record));
  rows.sort((a, b) => b.at - a.at || b.name.localeCompare(a.name));
  return {
    kind: "runs",
    of: plain(pr !== undefined ? "this pull request" : context.fullName),
    rows,
  };
}
