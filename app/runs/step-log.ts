// The last lines of a step's log, read from its pod (container `main`), and the step's message,
// with the values of every Secret the pod can read masked (see pod-secrets.ts).
import type { ArgoObject } from "../cluster/argo-kinds.ts";
import type { CoreCluster } from "../cluster/core-cluster.ts";
import { annotationKeys } from "../cluster/labels.ts";
import { secretMasker } from "./mask-secrets.ts";
import { type SecretKeys, secretsOfPod } from "./pod-secrets.ts";
import { type RunStatus, runStatusOf, type StepStatus } from "./run-status.ts";

export interface StepLog {
  /** Argo's node name of the step. */
  step: string;
  text: string;
  /** The step's message, masked like the log (absent in logs kept before it was added). */
  message?: string;
  /** Why there is no log to show (its pod never scheduled, gone, …); `text` is then empty. */
  unavailable?: string;
}

/** Posted logs stay short: the end of the log is what explains a failure. */
export const maxLogChars = 4000;

export async function stepLogTail(
  core: CoreCluster,
  workflow: ArgoObject,
  step: StepStatus,
  lines = 40,
): Promise<StepLog> {
  const namespace = workflow.metadata.namespace ?? "";
  const pods = await core.podsWithLabel(
    namespace,
    `workflows.argoproj.io/workflow=${workflow.metadata.name}`,
  );
  const pod = pods.find(
    (candidate) => candidate.annotations["workflows.argoproj.io/node-id"] === step.id,
  );
  if (!pod) return unavailable(step, "its pod is gone (deleted, or never created)");
  if (pod.unscheduled) return unavailable(step, `its pod was never scheduled: ${pod.unscheduled}`);
  const read = await core.logTail(namespace, pod.name, "main", lines);
  if ("unavailable" in read) return unavailable(step, read.unavailable);
  const mask = secretMasker(await secretValuesOf(core, namespace, secretsOfPod(pod.spec)));
  const text = mask(read.text);
  return {
    step: step.name,
    text: text.length > maxLogChars ? `…${text.slice(-maxLogChars)}` : text,
    message: step.message === undefined ? undefined : mask(step.message),
  };
}

/** No log, and why. (With no pod to read its Secrets from, the message cannot be masked.) */
function unavailable(step: StepStatus, reason: string): StepLog {
  return { step: step.name, text: "", unavailable: reason };
}

/** The failed step's log kept on the run (it outlives the pod), if any. */
export function keptFailedLog(workflow: ArgoObject): StepLog | undefined {
  const kept = workflow.metadata.annotations?.[annotationKeys.failedStepLog];
  if (!kept) return undefined;
  try {
    const { step, text, message, unavailable } = JSON.parse(kept) as Partial<
      Record<keyof StepLog, unknown>
    >;
    if (typeof step !== "string" || typeof text !== "string") return undefined;
    return {
      step,
      text,
      message: typeof message === "string" ? message : undefined,
      ...(typeof unavailable === "string" ? { unavailable } : {}),
    };
  } catch {
    return undefined;
  }
}

/** Finds a step of a run by what a person would type: its name as shown, or Argo's node name. */
export function stepNamed(workflow: ArgoObject, name: string): StepStatus | undefined {
  const { steps, exitSteps } = runStatusOf(workflow);
  const all = [...steps, ...exitSteps];
  return (
    all.find((step) => step.name === name) ?? all.filter((step) => step.displayName === name).at(-1)
  );
}

/**
 * The run with its failed step's message as masked when the log was kept: the step's own
 * message, and the run's message where it repeats it (Argo's root node passes it up).
 */
export function withMaskedMessage(run: RunStatus, kept: StepLog | undefined): RunStatus {
  const masked = kept?.message;
  const raw = [...run.steps, ...run.failedSteps, ...run.exitSteps].find(
    (step) => step.name === kept?.step,
  )?.message;
  if (masked === undefined || !raw || masked === raw) return run;
  const mask = (step: StepStatus) =>
    step.name === kept?.step ? { ...step, message: masked } : step;
  return {
    ...run,
    steps: run.steps.map(mask),
    failedSteps: run.failedSteps.map(mask),
    exitSteps: run.exitSteps.map(mask),
    message: run.message?.replaceAll(raw, masked),
  };
}

async function secretValuesOf(
  core: CoreCluster,
  namespace: string,
  wanted: ReadonlyMap<string, SecretKeys>,
): Promise<string[]> {
  const values: string[] = [];
  for (const [name, keys] of wanted) {
    const data = await core.secretValues(namespace, name);
    for (const [key, value] of Object.entries(data))
      if (keys === "all" || keys.has(key)) values.push(value);
  }
  return values;
}
