import { describe, expect, it } from "vitest";
import type { ArgoObject } from "../../app/cluster/argo-kinds.ts";
import { parseServerPolicy } from "../../app/config/server-policy.ts";
import { buildRun } from "../../app/runs/build-run.ts";
import {
  checkRunIdentity,
  runSigner,
  sealedPointer,
  sealedPointers,
} from "../../app/runs/run-identity.ts";

const signer = runSigner("webhook-secret");
const parsed = parseServerPolicy(
  "repositories:\n  - match: acme/pipelines\n    namespace: ml\n  - match: acme/other\n    namespace: ml-other\n",
  "policy.yaml",
);
if (!parsed.ok) throw new Error(parsed.error);
const server = parsed.policy;

function started(): ArgoObject {
  const run = buildRun(
    {
      repoFullName: "acme/pipelines",
      namespace: "ml",
      template: "train",
      commit: "a".repeat(40),
      trigger: "comment",
      actor: "octocat",
      pr: 7,
      idempotencyKey: "comment-1/run:train",
      installationId: 42,
      slack: { channel: "C0123RUNS", phases: ["Failed"], mention: ["U01"] },
      metrics: { accuracy: { better: "higher", threshold: 0.01, onRegression: "failure" } },
    },
    { name: "train", spec: { entrypoint: "main", templates: [] } },
    [],
    "embedded",
    signer,
  );
  return { ...run, metadata: { ...run.metadata, namespace: "ml" } };
}

function changed(run: ArgoObject, where: "labels" | "annotations", key: string, value?: string) {
  const map = { ...(run.metadata[where] ?? {}) };
  if (value === undefined) delete map[key];
  else map[key] = value;
  return { ...run, metadata: { ...run.metadata, [where]: map } };
}

describe("a run's identity", () => {
  it("verifies for a run coxswain built, in the namespace its repository maps to", () => {
    expect(checkRunIdentity(signer, server, started())).toEqual({ ok: true });
  });

  // Every key a repository could overwrite through workflowMetadata, and what it would gain.
  const forgeries: Array<[string, "labels" | "annotations", string, string | undefined]> = [
    ["report to another repository", "annotations", "coxswain.dev/repo-full-name", "acme/other"],
    ["report through another installation", "annotations", "coxswain.dev/installation-id", "7"],
    [
      "post to another Slack channel",
      "annotations",
      "coxswain.dev/slack-notify",
      '{"channel":"CXX","phases":["Failed"],"mention":["S1|x><!channel>"]}',
    ],
    ["relax the metrics gate", "annotations", "coxswain.dev/metrics", "{}"],
    ["claim another pull request", "labels", "coxswain.dev/pr", "8"],
    ["claim to be a merge run", "labels", "coxswain.dev/pr", undefined],
    ["claim another template", "labels", "coxswain.dev/template", "publish"],
    ["claim another commit", "labels", "coxswain.dev/commit", "b".repeat(40)],
    ["claim another actor", "annotations", "coxswain.dev/actor", "admin"],
    ["claim another trigger", "labels", "coxswain.dev/trigger", "merge"],
    ["claim a Slack user", "annotations", "coxswain.dev/slack-user", "U999"],
    ["move the repository label", "labels", "coxswain.dev/repo", "acme.other"],
    ["drop the seal", "annotations", "coxswain.dev/identity-seal", undefined],
  ];
  it.each(forgeries)("is refused when a run tries to %s", (_what, where, key, value) => {
    const result = checkRunIdentity(signer, server, changed(started(), where, key, value));
    expect(result).toMatchObject({ ok: false });
    expect(!result.ok && result.reason).toBe(key.endsWith("identity-seal") ? "unsigned" : "forged");
  });

  it("is refused on a copy under another name, and with another app's key", () => {
    const run = started();
    const copy = { ...run, metadata: { ...run.metadata, name: "train-copy" } };
    expect(checkRunIdentity(signer, server, copy)).toMatchObject({ ok: false, reason: "forged" });
    expect(checkRunIdentity(runSigner("another-secret"), server, run)).toMatchObject({
      ok: false,
      reason: "forged",
    });
  });

  it("is refused in a namespace the repository does not map to, naming both", () => {
    const run = started();
    const other = { ...run, metadata: { ...run.metadata, namespace: "ml-other" } };
    // Signed for ml-other, so only the mapping is wrong.
    const resigned = buildRun(
      {
        repoFullName: "acme/pipelines",
        namespace: "ml-other",
        template: "train",
        commit: "a".repeat(40),
        trigger: "merge",
        actor: "octocat",
        idempotencyKey: "x",
      },
      { name: "train", spec: {} },
      [],
      "embedded",
      signer,
    );
    expect(checkRunIdentity(signer, server, other)).toMatchObject({ reason: "forged" });
    expect(
      checkRunIdentity(signer, server, {
        ...resigned,
        metadata: { ...resigned.metadata, namespace: "ml-other" },
      }),
    ).toEqual({
      ok: false,
      reason: "foreign-namespace",
      detail: "acme/pipelines maps to namespace ml, not ml-other",
    });
  });
});

describe("where a run is shown", () => {
  it("is taken only with its own seal, for this run", () => {
    const run = started();
    const sealed = sealedPointers(signer, "ml", run.metadata.name, {
      "coxswain.dev/check-run-id": "100",
    });
    const withPointer = changed(
      changed(run, "annotations", "coxswain.dev/check-run-id", sealed["coxswain.dev/check-run-id"]),
      "annotations",
      "coxswain.dev/check-run-id-seal",
      sealed["coxswain.dev/check-run-id-seal"],
    );
    expect(sealedPointer(signer, withPointer, "coxswain.dev/check-run-id")).toBe("100");
    const swapped = changed(withPointer, "annotations", "coxswain.dev/check-run-id", "101");
    expect(sealedPointer(signer, swapped, "coxswain.dev/check-run-id")).toBeUndefined();
    const unsealed = changed(withPointer, "annotations", "coxswain.dev/check-run-id-seal");
    expect(sealedPointer(signer, unsealed, "coxswain.dev/check-run-id")).toBeUndefined();
    const renamed = { ...withPointer, metadata: { ...withPointer.metadata, name: "other" } };
    expect(sealedPointer(signer, renamed, "coxswain.dev/check-run-id")).toBeUndefined();
    // A seal made for one pointer does not vouch for another with the same value.
    const moved = changed(
      changed(withPointer, "annotations", "coxswain.dev/pr-comment-id", "100"),
      "annotations",
      "coxswain.dev/pr-comment-id-seal",
      sealed["coxswain.dev/check-run-id-seal"],
    );
    expect(sealedPointer(signer, moved, "coxswain.dev/pr-comment-id")).toBeUndefined();
  });
});
