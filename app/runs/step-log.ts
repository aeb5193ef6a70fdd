// The last lines of a step's log, read from its pod (container `main`), with the values of
// every Secret the step refers to (env secretKeyRef, envFrom secretRef) masked.
import type { ArgoObject } from "../cluster/argo-kinds.ts";
import type { CoreCluster } from "../cluster/core-cluster.ts";
import { annotationKeys } from "../cluster/labels.ts";
import { maskSecrets } from "./mask-secrets.ts";
import { runStatusOf, type StepStatus } from "./run-status.ts";

export interface StepLog {
  /** Argo's node name of the step. */
  step: string;
  text: string;
}

/** Posted logs stay short: the end of the log is what explains a failure. */
export const maxLogChars = 4000;

export async function stepLogTail(
  core: CoreCluster,
  workflow: ArgoObject,
  step: StepStatus,
  lines = 40,
): Promise<StepLog | undefined> {
  const namespace = workflow.metadata.namespace ?? "";
  const pods = await core.podsWithLabel(
    namespace,
    `workflows.argoproj.io/workflow=${workflow.metadata.name}`,
  );
  const pod = pods.find(
    (candidate) => candidate.annotations["workflows.argoproj.io/node-id"] === step.id,
  );
  if (!pod) return undefined;
  const raw = await core.logTail(namespace, pod.name, "main", lines);
  if (raw === undefined) return undefined;
  const secrets = await secretValuesOf(core, namespace, templateOf(workflow, step.templateName));
  const text = maskSecrets(raw, secrets);
  return {
    step: step.name,
    text: text.length > maxLogChars ? `…${text.slice(-maxLogChars)}` : text,
  };
}

/** The failed step's log kept on the run (it outlives the pod), if any. */
export function keptFailedLog(workflow: ArgoObject): StepLog | undefined {
  const kept = workflow.metadata.annotations?.[annotationKeys.failedStepLog];
  if (!kept) return undefined;
  try {
    return JSON.parse(kept) as StepLog;
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

interface ContainerLike {
  env?: Array<{ valueFrom?: { secretKeyRef?: { name?: string; key?: string } } }>;
  envFrom?: Array<{ secretRef?: { name?: string } }>;
}

function templateOf(workflow: ArgoObject, templateName: string | undefined): ContainerLike[] {
  const stored = (
    workflow.status as { storedWorkflowTemplateSpec?: { templates?: unknown[] } } | undefined
  )?.storedWorkflowTemplateSpec;
  const templates = (stored?.templates ??
    (workflow.spec as { templates?: unknown[] } | undefined)?.templates ??
    []) as Array<{
    name?: string;
    container?: ContainerLike;
    script?: ContainerLike;
    initContainers?: ContainerLike[];
    sidecars?: ContainerLike[];
  }>;
  const template = templates.find((candidate) => candidate.name === templateName);
  if (!template) return [];
  return [
    template.container,
    template.script,
    ...(template.initContainers ?? []),
    ...(template.sidecars ?? []),
  ].filter((container): container is ContainerLike => container !== undefined);
}

async function secretValuesOf(
  core: CoreCluster,
  namespace: string,
  containers: ContainerLike[],
): Promise<string[]> {
  const wanted = new Map<string, Set<string> | "all">();
  for (const container of containers) {
    for (const env of container.env ?? []) {
      const ref = env.valueFrom?.secretKeyRef;
      if (!ref?.name || !ref.key) continue;
      const keys = wanted.get(ref.name);
      if (keys !== "all") wanted.set(ref.name, new Set([...(keys ?? []), ref.key]));
    }
    for (const source of container.envFrom ?? [])
      if (source.secretRef?.name) wanted.set(source.secretRef.name, "all");
  }
  const values: string[] = [];
  for (const [name, keys] of wanted) {
    const data = await core.secretValues(namespace, name);
    for (const [key, value] of Object.entries(data))
      if (keys === "all" || keys.has(key)) values.push(value);
  }
  return values;
}
