// The Argo controller double on a test's cluster, with what tests keep asking of it: a clock
// they set, and a run taken up to the step they are about. Pod logs go to the loopback API's
// stand-in kubelet; a real API server has none, so there a step's log is not kept.
import { load } from "js-yaml";
import type { ArgoObject } from "../../app/cluster/argo-kinds.ts";
import {
  type ArgoController,
  type ArgoRun,
  argoController,
  type NodeStatus,
} from "./argo-controller/index.ts";
import type { ClusterTarget } from "./cluster-target.ts";
import type { TestKubeApi } from "./kube-api/index.ts";
import { workflowTemplate } from "./pipelines.ts";

export interface RunClock {
  now(): Date;
  /** The time of the controller's next writes (startedAt, finishedAt). */
  set(time: string): void;
}

/** A clock that stands still at `time` until set again. */
export function clockAt(time: string): RunClock {
  let at = new Date(time);
  return {
    now: () => at,
    set(next) {
      at = new Date(next);
    },
  };
}

/** The controller double on `target`, writing step logs to the loopback API when it is one. */
export function argoFor(
  target: ClusterTarget & { api?: TestKubeApi },
  clock?: RunClock,
): ArgoController {
  const { api } = target;
  return argoController(target.kubeConfig(), {
    setPodLog:
      api && ((namespace, pod, text, container) => api.setPodLog(namespace, pod, text, container)),
    now: clock?.now,
  });
}

/**
 * Creates a WorkflowTemplate from `pipeline` (YAML) and a Workflow `name` that runs it, as someone
 * with kubectl would, for tests that need a run without coxswain starting it.
 */
export async function createTemplateRun(
  target: ClusterTarget,
  namespace: string,
  name: string,
  metadata: Pick<ArgoObject["metadata"], "labels" | "annotations"> = {},
  pipeline = workflowTemplate("train"),
): Promise<void> {
  const template = load(pipeline) as ArgoObject;
  await target.createForeign("workflowtemplates", namespace, template);
  await target.createForeign("workflows", namespace, {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Workflow",
    metadata: { name, ...metadata },
    spec: { workflowTemplateRef: { name: template.metadata.name } },
  });
}

const isActivePod = (node: NodeStatus) =>
  node.type === "Pod" && (node.phase === "Pending" || node.phase === "Running");

/**
 * Starts the run unless it has started, then lets every step before `step` succeed until
 * `step`'s pod is there (Pending), as Argo would create it. Throws when its turn never comes.
 */
export async function runUpTo(run: ArgoRun, step: string): Promise<void> {
  const phase = run.status().phase;
  if (phase === undefined || phase === "Pending") await run.start();
  const stepIsActive = () => run.nodes(step).some(isActivePod);
  const activePods = () => Object.values(run.status().nodes ?? {}).filter(isActivePod);
  // A run someone marked Running without nodes has not had its first pass yet.
  if (run.status().phase === "Running" && activePods().length === 0) await run.operate();
  while (!stepIsActive()) {
    const next = activePods()[0];
    if (!next) {
      const { phase: ended, message } = run.status();
      throw new Error(
        `argo-runs: ${run.name} never reached ${step}: it is ${ended}${message ? ` (${message})` : ""}`,
      );
    }
    await run.succeed(next.name);
  }
}
