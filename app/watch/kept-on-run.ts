// What an ended or failed run's pods tell, read while they are still there and kept on the
// Workflow as an annotation (a new leader and the run ledger read it from there): the failed
// step's log tail, and where each step's time went.
import type { Logger } from "pino";
import type { ArgoCluster } from "../cluster/argo-cluster.ts";
import type { ArgoObject } from "../cluster/argo-kinds.ts";
import type { CoreCluster } from "../cluster/core-cluster.ts";
import { annotationKeys } from "../cluster/labels.ts";
import type { RunStatus } from "../runs/run-status.ts";
import { stepLogTail } from "../runs/step-log.ts";
import { hasPodSteps, stepTimelineOf, timelineAnnotation } from "../runs/step-timeline.ts";

/**
 * The first failed step's log, masked and short — or why it cannot be read (the pod never
 * scheduled, gone), so that is asked once; an outage leaves nothing kept, to be asked again.
 * The Workflow as written, or undefined when nothing was kept.
 */
export async function keepFailedLog(
  cluster: ArgoCluster,
  core: CoreCluster,
  workflow: ArgoObject,
  run: RunStatus,
): Promise<ArgoObject | undefined> {
  if (workflow.metadata.annotations?.[annotationKeys.failedStepLog]) return undefined;
  const [failed] = run.failedSteps;
  if (!failed) return undefined;
  const log = await stepLogTail(core, workflow, failed).catch(() => undefined);
  if (!log) return undefined;
  return keep(cluster, workflow, annotationKeys.failedStepLog, JSON.stringify(log));
}

/**
 * Where each step of an ended run spent its time. Pods that cannot be listed leave each step's
 * time unsplit, as for a pod that is gone: the report is not held up for them.
 */
export async function keepTimeline(
  cluster: ArgoCluster,
  core: CoreCluster,
  workflow: ArgoObject,
  run: RunStatus,
  log: Logger,
): Promise<ArgoObject | undefined> {
  if (workflow.metadata.annotations?.[annotationKeys.stepTimeline] !== undefined) return undefined;
  if (!run.finished || !hasPodSteps(run)) return undefined;
  const name = workflow.metadata.name;
  const pods = await core
    .podsWithLabel(workflow.metadata.namespace ?? "", `workflows.argoproj.io/workflow=${name}`)
    .catch((error: unknown) => {
      log.warn({ err: error, run: name }, "could not list the run's pods for its timeline");
      return [];
    });
  const value = timelineAnnotation(stepTimelineOf(workflow, pods, run));
  return keep(cluster, workflow, annotationKeys.stepTimeline, value);
}

function keep(
  cluster: ArgoCluster,
  workflow: ArgoObject,
  key: string,
  value: string,
): Promise<ArgoObject> {
  return cluster.mergePatch("Workflow", workflow.metadata.namespace ?? "", workflow.metadata.name, {
    metadata: { annotations: { [key]: value } },
  });
}
