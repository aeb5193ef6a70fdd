// A run whose step failed, driven by the Argo controller double: it starts at 10:00 (the steps
// before the failing one succeed then), the step runs and fails at 10:02 with Argo's message (or
// the one given) and its pod's log, and the run ends Failed as Argo rolls it up. Shared by the
// tests of /logs, the exit notification, the ledger and Slack's Logs button.
import { argoFor, clockAt, runUpTo } from "./argo-runs.ts";
import type { ClusterTarget } from "./cluster-target.ts";
import type { TestKubeApi } from "./kube-api/index.ts";

export interface FailedStep {
  /** The step (task) name; `train` by default. */
  step?: string;
  /** The pod's `main` log (loopback API only: a real server has no kubelet). */
  log?: string;
  /** The node's message; Argo's `main: Error (exit code 1)` by default. */
  message?: string;
}

export async function failStep(
  target: ClusterTarget & { api?: TestKubeApi },
  namespace: string,
  name: string,
  failed: FailedStep,
): Promise<{ pod: string }> {
  const step = failed.step ?? "train";
  const clock = clockAt("2026-11-23T10:00:00Z");
  const run = await argoFor(target, clock).load(namespace, name);
  await runUpTo(run, step);
  await run.progress(step);
  clock.set("2026-11-23T10:02:00Z");
  await run.fail(step, { message: failed.message, log: failed.log });
  await run.finish();
  return { pod: run.podName(step) };
}
