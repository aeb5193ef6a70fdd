import { describe, expect, it } from "vitest";
import type { ArgoObject } from "../../app/cluster/argo-kinds.ts";
import { recordOf } from "../../app/ledger/run-record.ts";
import { runStatusOf } from "../../app/runs/run-status.ts";

/** A run whose `train` step failed with a message quoting a Secret's value. */
function failedRun(kept?: object): ArgoObject {
  const name = "train-ab12cd34";
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Workflow",
    metadata: {
      name,
      namespace: "ml",
      uid: "uid-1",
      labels: { "coxswain.dev/template": "train", "coxswain.dev/pr": "7" },
      annotations: {
        "coxswain.dev/repo-full-name": "acme/pipelines",
        ...(kept ? { "coxswain.dev/failed-step-log": JSON.stringify(kept) } : {}),
      },
    },
    spec: {},
    status: {
      phase: "Failed",
      startedAt: "2026-11-23T10:00:00Z",
      finishedAt: "2026-11-23T10:02:00Z",
      nodes: {
        [name]: { id: name, name, displayName: name, type: "DAG", phase: "Failed" },
        [`${name}-train`]: {
          id: `${name}-train`,
          name: `${name}.train`,
          displayName: "train",
          type: "Pod",
          phase: "Failed",
          message: "login failed for token s3cr3t-t0ken",
        },
      },
    },
  };
}

describe("a run's ledger record", () => {
  it("keeps the failed step's message as masked when its log was kept", () => {
    const run = failedRun({
      step: "train-ab12cd34.train",
      text: "auth error\n",
      message: "login failed for token ***",
    });
    const record = recordOf(run, runStatusOf(run));
    expect(record).toMatchObject({
      failedStep: "train",
      failedMessage: "login failed for token ***",
      logExcerpt: "auth error\n",
    });
  });
});
