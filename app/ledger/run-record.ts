// The compact record a run leaves when it ends, which outlives the Workflow's pruning.
import type { ArgoObject } from "../cluster/argo-kinds.ts";
import { annotationKeys, labelKeys } from "../cluster/labels.ts";
import type { RunStatus } from "../runs/run-status.ts";
import { keptFailedLog, withMaskedMessage } from "../runs/step-log.ts";
import { keptTimeline, type StepTiming } from "../runs/step-timeline.ts";

export interface RunRecord {
  /** The Workflow's uid: one record per run, whatever is written twice. */
  uid: string;
  namespace: string;
  name: string;
  repo: string;
  template: string;
  commit: string;
  pr: number | undefined;
  trigger: string;
  actor: string;
  parameters: Record<string, string>;
  phase: string;
  startedAt: number | undefined;
  finishedAt: number | undefined;
  failedStep: string | undefined;
  failedMessage: string | undefined;
  /** The failed step's log tail, as kept (masked) on the run. */
  logExcerpt: string | undefined;
  outputs: Record<string, string>;
  /** Where the run's time went, step by step (absent in records written before it was kept). */
  timeline?: StepTiming[];
  /** When the record was first written (epoch ms). */
  recordedAt: number;
}

export function recordOf(workflow: ArgoObject, status: RunStatus, now = Date.now()): RunRecord {
  const labels = workflow.metadata.labels ?? {};
  const annotations = workflow.metadata.annotations ?? {};
  const parameters: Record<string, string> = {};
  const given = (
    workflow.spec as { arguments?: { parameters?: Array<{ name: string; value?: unknown }> } }
  )?.arguments?.parameters;
  for (const parameter of given ?? [])
    if (parameter.value !== undefined && parameter.value !== null)
      parameters[parameter.name] = String(parameter.value);
  const kept = keptFailedLog(workflow);
  // The failed step's message as masked when its log was kept (it may quote a Secret).
  const run = withMaskedMessage(status, kept);
  const [failed] = run.phase === "Succeeded" ? [] : run.failedSteps;
  const time = (value: string | undefined) => (value ? Date.parse(value) || undefined : undefined);
  return {
    uid: workflow.metadata.uid ?? `${run.namespace}/${run.name}`,
    namespace: run.namespace,
    name: run.name,
    repo: annotations[annotationKeys.repoFullName] ?? "",
    template: run.template,
    commit: labels[labelKeys.commit] ?? "",
    pr: Number(labels[labelKeys.pr]) || undefined,
    trigger: labels[labelKeys.trigger] ?? "",
    actor: annotations[annotationKeys.actor] ?? labels[labelKeys.actor] ?? "",
    parameters,
    phase: run.phase,
    startedAt: time(run.startedAt),
    finishedAt: time(run.finishedAt),
    failedStep: failed?.displayName,
    failedMessage: failed?.message,
    logExcerpt: failed && kept?.step === failed.name ? kept.text : undefined,
    outputs: Object.fromEntries(run.outputs.map((output) => [output.name, output.value])),
    timeline: keptTimeline(workflow)?.steps,
    recordedAt: now,
  };
}
