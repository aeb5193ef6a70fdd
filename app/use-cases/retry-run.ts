// /retry: the failed steps of a failed run again, in the same run, through the Argo server's
// API; without an Argo server, the whole run again (a rerun, said so). A fresh check run shows
// the retried run, so the commit's status is not stale.
import { ArgoServerError } from "../cluster/argo-server.ts";
import { annotationKeys, labelKeys } from "../cluster/labels.ts";
import { codeOf, plain, say } from "../report/message.ts";
import { sealedPointers } from "../runs/run-identity.ts";
import { runStatusOf } from "../runs/run-status.ts";
import { done, type Outcome, refused } from "./outcome.ts";
import type { RepositoryContext } from "./repository-context.ts";
import { previousRun, type RerunPorts, startAgain } from "./rerun-run.ts";
import type { Services } from "./services.ts";

export async function retryRun(
  name: string | undefined,
  context: RepositoryContext,
  ports: RerunPorts & Pick<Services, "argoServer">,
  index = 0,
): Promise<Outcome> {
  const found = await previousRun(name, context, ports);
  if (!found.ok) return refused(plain(found.problem));
  const run = found.live;
  if (!run) {
    return refused(
      say`${found.run.name} was pruned from the cluster, so its failed steps cannot be retried; ${codeOf(`/rerun ${found.run.name}`)} starts it again.`,
    );
  }
  const status = runStatusOf(run);
  const runName = run.metadata.name;
  if (status.phase !== "Failed" && status.phase !== "Error") {
    return refused(
      say`${runName} has not failed (${status.phase}); there is nothing to retry; rerun it to start it again.`,
    );
  }
  if (!ports.argoServer) return startAgain(found.run, context, ports, index, "retry");
  try {
    await ports.argoServer.retry(context.namespace, runName);
  } catch (error) {
    if (error instanceof ArgoServerError) return refused(plain(error.message));
    throw error;
  }
  const commit = run.metadata.labels?.[labelKeys.commit];
  const shownAt = commit
    ? await context.gateway.presenter.retried(run, { template: status.template, commit })
    : {};
  await ports.cluster.mergePatch("Workflow", context.namespace, runName, {
    metadata: {
      annotations: {
        [annotationKeys.retries]: String(status.retries + 1),
        [annotationKeys.notifiedPhase]: null,
        [annotationKeys.slackNotifiedPhase]: null,
        [annotationKeys.failedStepLog]: null,
        [annotationKeys.stepTimeline]: null,
        ...sealedPointers(ports.signer, context.namespace, runName, shownAt),
      },
    },
  });
  return done(say`Retrying the failed steps of ${codeOf(runName)} through the Argo server.`);
}
