// Argo's state after a run's step failed: the step's node with its message, the run Failed,
// and the step's pod with a log (loopback API only: a real server without a kubelet runs no
// pods). Shared by the tests of /logs, the exit notification and Slack's Logs button.
import type { ClusterTarget } from "./cluster-target.ts";
import type { TestKubeApi } from "./kube-api/index.ts";

export interface FailedStep {
  step?: string;
  log: string;
  message?: string;
}

export async function failStep(
  target: ClusterTarget & { api: TestKubeApi },
  namespace: string,
  name: string,
  failed: FailedStep,
): Promise<{ pod: string }> {
  const step = failed.step ?? "train";
  const pod = `${name}-${step}-1234`;
  target.api.put({
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: pod,
      namespace,
      labels: { "workflows.argoproj.io/workflow": name },
      annotations: { "workflows.argoproj.io/node-id": `${name}-${step}` },
    },
    spec: { containers: [{ name: "main", image: "python:3.12" }] },
  });
  target.api.setPodLog(namespace, pod, failed.log);
  await target.patchForeign("workflows", namespace, name, {
    status: {
      phase: "Failed",
      startedAt: "2026-11-23T10:00:00Z",
      finishedAt: "2026-11-23T10:02:00Z",
      nodes: {
        [name]: { id: name, name, displayName: name, type: "DAG", phase: "Failed" },
        [`${name}-${step}`]: {
          id: `${name}-${step}`,
          name: `${name}.${step}`,
          displayName: step,
          type: "Pod",
          phase: "Failed",
          templateName: "step",
          message: failed.message ?? "Error (exit code 1)",
        },
      },
    },
  });
  return { pod };
}
