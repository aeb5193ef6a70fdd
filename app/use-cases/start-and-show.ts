// The one way a run starts, whoever asked (a merge, a pull request, /run, /rerun, "Re-run",
// Slack): start it, show it where people look (the presenter: a queued check run, a PR
// comment), seal where it is shown on the run, and stop the older runs of its concurrency
// group when the trigger asks for it. A run started twice (a redelivered event) is shown once.
import type { Metrics } from "../metrics/metrics.ts";
import { stopOlderRuns } from "../runs/concurrency.ts";
import { sealedPointers } from "../runs/run-identity.ts";
import {
  type StartRunDeps,
  type StartRunInput,
  type StartRunResult,
  startRun,
} from "../runs/start-run.ts";
import type { RunPresenter } from "./repository-gateway.ts";

export interface ShownRunInput extends StartRunInput {
  /** Stop this pull request's older running runs of the same template. */
  cancelInProgress?: boolean;
}

export async function startAndShow(
  input: ShownRunInput,
  presenter: RunPresenter,
  ports: StartRunDeps & { metrics?: Metrics },
): Promise<StartRunResult> {
  const { cancelInProgress, ...request } = input;
  const started = await startRun(request, ports);
  if (!started.ok || !started.created) return started;
  ports.metrics?.runsStarted.inc({ trigger: request.trigger });
  const { run } = started;
  const shownAt = await presenter.started(run, {
    template: request.template,
    commit: request.commit,
    ...(request.pr !== undefined ? { pr: request.pr } : {}),
  });
  const annotations = sealedPointers(ports.signer, request.namespace, run.metadata.name, shownAt);
  if (Object.keys(annotations).length > 0)
    await ports.cluster.mergePatch("Workflow", request.namespace, run.metadata.name, {
      metadata: { annotations },
    });
  if (cancelInProgress && request.pr !== undefined) {
    const scope = {
      namespace: request.namespace,
      repoFullName: request.repoFullName,
      pr: request.pr,
    };
    await stopOlderRuns(ports.cluster, scope, run);
  }
  return started;
}
