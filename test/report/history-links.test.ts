// Reports link an ended run to its pipeline's page in the run history when the pages are on:
// the PR report (tested with the report) and the Slack message's buttons. The address is built
// from the repository and template as given, each part encoded.
import { describe, expect, it } from "vitest";
import type { ArgoObject } from "../../app/cluster/argo-kinds.ts";
import { pipelineHistoryUrl } from "../../app/report/history-link.ts";
import { renderRunMessage } from "../../app/report/slack/render-run-message.ts";
import { runStatusOf } from "../../app/runs/run-status.ts";

const run = (phase: string): ArgoObject => ({
  apiVersion: "argoproj.io/v1alpha1",
  kind: "Workflow",
  metadata: {
    name: "train-1",
    namespace: "ml",
    labels: { "coxswain.dev/template": "train", "coxswain.dev/commit": "abc1234" },
    annotations: {
      "coxswain.dev/repo-full-name": "acme/pipelines",
      "coxswain.dev/template": "train/../../x?y",
    },
  },
  status: {
    phase,
    startedAt: "2026-11-23T10:00:00Z",
    ...(phase === "Running" ? {} : { finishedAt: "2026-11-23T10:05:00Z" }),
  },
});

const historyButton = (workflow: ArgoObject, historyUrl?: string) =>
  renderRunMessage(workflow, runStatusOf(workflow), {
    githubUrl: "https://github.example",
    ...(historyUrl ? { historyUrl } : {}),
  })
    .blocks.flatMap((block): unknown[] => ("elements" in block ? [...block.elements] : []))
    .find((element) => (element as { action_id?: string }).action_id === "coxswain_open_history");

describe("links to the run history", () => {
  it("encodes each part of the pipeline's address", () => {
    expect(
      pipelineHistoryUrl("https://coxswain.example/", "acme/ml pipes", "train/../../x?y"),
    ).toBe("https://coxswain.example/runs/acme/ml%20pipes/pipelines/train%2F..%2F..%2Fx%3Fy");
  });

  it("gives an ended run's Slack message a Run history button, not a running one's, and none when the pages are off", () => {
    expect(historyButton(run("Failed"), "https://coxswain.example")).toMatchObject({
      type: "button",
      text: { text: "Run history" },
      url: "https://coxswain.example/runs/acme/pipelines/pipelines/train%2F..%2F..%2Fx%3Fy",
    });
    expect(historyButton(run("Running"), "https://coxswain.example")).toBeUndefined();
    expect(historyButton(run("Succeeded"))).toBeUndefined();
  });
});
