// What a drift is made of (who changed which fields), how it is said in Slack, and which
// namespaces the policy lets coxswain clean up.
import { describe, expect, it } from "vitest";
import type { ArgoObject } from "../../app/cluster/argo-kinds.ts";
import { governsNamespace, parseServerPolicy } from "../../app/config/server-policy.ts";
import type { Change } from "../../app/definitions/plan-changes.ts";
import { driftMessage } from "../../app/report/render-drift.ts";
import { mrkdwnOf } from "../../app/report/slack/message-mrkdwn.ts";
import { driftOf } from "../../app/sync/drift.ts";

const live = (managedFields: object[]): ArgoObject => ({
  apiVersion: "argoproj.io/v1alpha1",
  kind: "WorkflowTemplate",
  metadata: { name: "train", managedFields },
});

describe("driftOf", () => {
  it("names the fields and the other field managers, newest first, without coxswain or status writers", () => {
    const changes: Change[] = [
      {
        action: "update",
        kind: "WorkflowTemplate",
        name: "train",
        desired: live([]),
        live: live([
          { manager: "coxswain", operation: "Apply", time: "2026-12-02T10:00:03Z" },
          { manager: "kubectl-edit", operation: "Update", time: "2026-12-02T10:00:01Z" },
          {
            manager: "argo",
            operation: "Update",
            time: "2026-12-02T10:00:09Z",
            subresource: "status",
          },
          { manager: "helm", operation: "Update", time: "2026-12-02T10:00:02Z" },
        ]),
        fields: [{ path: "spec.entrypoint", before: "a", after: "b" }],
      },
      { action: "create", kind: "CronWorkflow", name: "nightly", desired: live([]) },
      { action: "unchanged", kind: "WorkflowTemplate", name: "same" },
    ];
    expect(driftOf(changes)).toEqual([
      {
        kind: "WorkflowTemplate",
        name: "train",
        change: "changed",
        fields: ["spec.entrypoint"],
        by: ["helm", "kubectl-edit"],
      },
      { kind: "CronWorkflow", name: "nightly", change: "deleted", fields: [], by: [] },
    ]);
  });
});

describe("the drift notice in Slack", () => {
  it("escapes what cluster users and repositories wrote: a manager name, an object name", () => {
    const text = mrkdwnOf(
      driftMessage({
        repository: "acme/pipelines",
        namespace: "ml-team",
        commit: "3b30fcf1ff9ed21fff80831322daba69c6208f16",
        action: "reported",
        drift: [
          {
            kind: "WorkflowTemplate",
            name: "train`<!channel>",
            change: "changed",
            fields: ["spec.a", "spec.b", "spec.c", "spec.d"],
            by: ["<!here>"],
          },
        ],
      }),
    );
    expect(text).toBe(
      "⚠️ Drift in `ml-team`: 1 synced object of acme/pipelines changed outside Git and left as they are (the server policy says drift: report); Git has them at `3b30fcf`.\n• WorkflowTemplate `trainʼ&lt;!channel&gt;` was changed by &lt;!here&gt;: spec.a, spec.b, spec.c (+1)",
    );
  });

  it("lists ten objects and counts the rest", () => {
    const drift = Array.from({ length: 12 }, (_, i) => ({
      kind: "WorkflowTemplate" as const,
      name: `t${i}`,
      change: "deleted" as const,
      fields: [],
      by: [],
    }));
    const text = mrkdwnOf(
      driftMessage({
        repository: "a/b",
        namespace: "n",
        commit: "abcdef0",
        action: "reverted",
        drift,
      }),
    );
    expect(text.split("\n")).toHaveLength(12);
    expect(text.split("\n").at(-1)).toBe("…and 2 more.");
  });
});

describe("governsNamespace", () => {
  const policy = parseServerPolicy(
    "repositories:\n  - match: acme/reco\n    namespace: ml-reco\n  - match: acme/*\n    namespace: team-{owner}-{repo}\n",
    "p.yaml",
  );
  if (!policy.ok) throw new Error(policy.error);
  it.each([
    ["ml-reco", true],
    ["team-acme-forecast", true],
    ["ml-reco-2", false],
    ["team-acme", false],
    ["kube-system", false],
  ])("%s → %s", (namespace, governed) => {
    expect(governsNamespace(policy.policy, namespace)).toBe(governed);
  });
});
