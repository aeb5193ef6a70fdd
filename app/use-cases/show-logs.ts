// /logs: the last lines of a step's log (by default the first failed step's), read from its pod,
// or as kept on the run when the pod is gone; Secret values masked.
import type { ArgoObject } from "../cluster/argo-kinds.ts";
import { plain } from "../report/message.ts";
import { runStatusOf } from "../runs/run-status.ts";
import { keptFailedLog, stepLogTail, stepNamed } from "../runs/step-log.ts";
import { type Outcome, refused } from "./outcome.ts";
import type { RepositoryContext } from "./repository-context.ts";
import { findScopedRun, type RunPorts } from "./scoped-runs.ts";
import type { Services } from "./services.ts";

export async function showLogs(
  step: string | undefined,
  name: string | undefined,
  context: RepositoryContext,
  ports: RunPorts & Pick<Services, "core">,
): Promise<Outcome> {
  const found = await findScopedRun(context, ports, name);
  if (!found.ok) return refused(plain(found.problem));
  const log = await stepLog(found.run, step, ports);
  if (!log.ok) return refused(plain(log.problem));
  return { kind: "log", run: found.run.metadata.name, step: log.step, text: log.text };
}

type LogOfStep = { ok: true; step: string; text: string } | { ok: false; problem: string };

async function stepLog(
  run: ArgoObject,
  stepName: string | undefined,
  ports: Pick<Services, "core">,
): Promise<LogOfStep> {
  const name = run.metadata.name;
  const status = runStatusOf(run);
  const step = stepName ? stepNamed(run, stepName) : status.failedSteps[0];
  if (!step) {
    if (!stepName) return { ok: false, problem: `${name} has no failed step; name the step` };
    const names = status.steps.map((s) => s.displayName);
    return {
      ok: false,
      problem: `${name} has no step ${stepName} (steps: ${names.join(", ") || "none yet"})`,
    };
  }
  const live = await stepLogTail(ports.core, run, step);
  if (!live.unavailable) return { ok: true, step: step.displayName, text: live.text };
  // The pod may be gone by now; the failed step's log was kept on the run when it failed.
  const kept = keptFailedLog(run);
  if (kept?.step === step.name && !kept.unavailable)
    return { ok: true, step: step.displayName, text: kept.text };
  return { ok: false, problem: `no log for ${step.displayName} in ${name}: ${live.unavailable}` };
}
