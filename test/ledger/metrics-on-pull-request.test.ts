// A pull request's run shows its metrics next to the default branch's last successful run of
// the same template (from the ledger), and a regression sets the check run's conclusion.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openLedger } from "../../app/ledger/open-ledger.ts";
import type { RunLedger } from "../../app/ledger/run-ledger.ts";
import { type RunReporting, startRunReporting } from "../../app/server/run-reporting.ts";
import { argoFor, runUpTo } from "../support/argo-runs.ts";
import { loopbackTarget } from "../support/cluster-target.ts";
import { workflowTemplate } from "../support/pipelines.ts";
import { commentOnPullRequest } from "../support/pull-request-comment.ts";
import { runRecord } from "../support/run-records.ts";
import { type SyncFixture, startSyncFixture } from "../support/sync-fixture.ts";

let target: Awaited<ReturnType<typeof loopbackTarget>>;
let f: SyncFixture;
let ledger: RunLedger;
let reporting: RunReporting | undefined;

beforeAll(async () => {
  target = await loopbackTarget();
});
afterAll(() => target.close());
beforeEach(async () => {
  f = await startSyncFixture(target);
  ledger = await openLedger(":memory:");
  f.deps.ledger = ledger;
});
afterEach(async () => {
  reporting?.stop();
  reporting = undefined;
  await f.close();
  await ledger.close();
});

const config = "metrics:\n  accuracy: {better: higher, threshold: 0.002, onRegression: failure}\n";

async function pullRequestRunEnding(accuracy: string) {
  const base = await f.origin.commit({
    ".github/coxswain.yml": config,
    "workflows/train.yaml": workflowTemplate("train"),
  });
  await f.origin.branch("change");
  // The pull request relaxes the gate in its own config: the default branch's applies.
  const head = await f.origin.commit(
    { ".github/coxswain.yml": "metrics: {}\n" },
    "relax",
    "change",
  );
  await f.origin.pushPullRef(7, head);
  await commentOnPullRequest(f, {
    base,
    head,
    body: "/run train",
    commentId: 1,
    startsRun: "train",
  });
  f.github.reporting(7);
  const [workflow] = await f.cluster.list("workflows", f.namespace);
  reporting = await startRunReporting(f.app.probot, f.deps, {
    intervalMs: 0,
    namespace: f.namespace,
  });
  const run = await argoFor(target).load(f.namespace, workflow?.metadata.name ?? "");
  await runUpTo(run, "train");
  await run.succeed("train", { outputs: { parameters: [{ name: "accuracy", value: accuracy }] } });
  const deadline = Date.now() + 10_000;
  const completed = () => f.github.checkRunUpdates.find((u) => u.body.status === "completed");
  while (!completed() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return {
    check: completed()?.body ?? {},
    report: String((completed()?.body.output as { summary?: string })?.summary ?? ""),
  };
}

async function baselineOnMain(accuracy: string) {
  await ledger.record(
    runRecord("train-main0001", {
      namespace: f.namespace,
      commit: "c".repeat(40),
      pr: undefined,
      trigger: "merge",
      parameters: {},
      startedAt: 1_000,
      finishedAt: 2_000,
      outputs: { accuracy },
      recordedAt: 2_000,
    }),
  );
}

describe("metrics on a pull request", () => {
  it("shows a regression against the default branch and fails the check run as configured", async () => {
    await baselineOnMain("0.900");
    const { check, report } = await pullRequestRunEnding("0.850");
    expect(check.conclusion).toBe("failure");
    expect(report).toContain(
      "**Metrics** against `train-main0001`, the last successful run of `train` on the default branch (commit ccccccc)",
    );
    expect(report).toContain(
      "| accuracy (higher is better, ±0.002 is noise) | `0.850` | `0.900` | −0.05 | ⚠️ regression |",
    );
  });

  it("passes an improvement", async () => {
    await baselineOnMain("0.900");
    const { check, report } = await pullRequestRunEnding("0.9500");
    expect(check.conclusion).toBe("success");
    expect(report).toContain("| +0.05 | ✅ better |");
  });

  it("says there is nothing to compare with when the default branch has no successful run", async () => {
    const { check, report } = await pullRequestRunEnding("0.850");
    expect(check.conclusion).toBe("success");
    expect(report).toContain(
      "_No successful run of `train` on the default branch yet: nothing to compare `accuracy` with._",
    );
  });
});
