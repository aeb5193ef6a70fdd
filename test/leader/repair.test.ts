// The leader's repair pass: a run's check run left queued while its Workflow was deleted (no
// leader was watching) is completed as cancelled; an ended run is handed to the reporter.
import nock from "nock";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { leaderDuties, type ReportingPruningRepair } from "../../app/server/leader-duties.ts";
import { argoFor } from "../support/argo-runs.ts";
import { loopbackTarget } from "../support/cluster-target.ts";
import { workflowTemplate } from "../support/pipelines.ts";
import { githubApi } from "../support/probot-harness.ts";
import { commentOnPullRequest } from "../support/pull-request-comment.ts";
import { type SyncFixture, startSyncFixture } from "../support/sync-fixture.ts";
import { installationId } from "../support/webhooks.ts";

let target: Awaited<ReturnType<typeof loopbackTarget>>;
let f: SyncFixture;
let work: ReportingPruningRepair | undefined;
let base: string;
let head: string;

beforeAll(async () => {
  target = await loopbackTarget();
});
afterAll(() => target.close());
beforeEach(async () => {
  f = await startSyncFixture(target);
  base = await f.origin.commit({ "workflows/train.yaml": workflowTemplate("train") });
  await f.origin.branch("change");
  head = await f.origin.commit({ "notes.md": "x" }, "notes", "change");
  await f.origin.pushPullRef(7, head);
});
afterEach(async () => {
  await work?.stop();
  work = undefined;
  await f.close();
});

async function runOnPullRequest(commentId: number): Promise<string> {
  await commentOnPullRequest(f, { base, head, body: "/run train", commentId, startsRun: "train" });
  const runs = await f.cluster.list("workflows", f.namespace);
  return (
    runs.find(
      (run) =>
        run.metadata.annotations?.["coxswain.dev/check-run-id"] ===
        String(f.github.created.at(-1)?.id),
    )?.metadata.name ?? ""
  );
}

/** What the repair pass reads: the installation, its repository, the commits and their checks. */
function githubState(checkRuns: Array<{ id: number; external_id: string; status: string }>) {
  nock(githubApi)
    .get("/app/installations")
    .query(true)
    .reply(200, [{ id: installationId, account: { login: "acme" } }])
    .get("/installation/repositories")
    .query(true)
    .reply(200, {
      total_count: 1,
      repositories: [
        {
          name: "pipelines",
          full_name: "acme/pipelines",
          owner: { login: "acme" },
          default_branch: "main",
        },
      ],
    })
    .get("/repos/acme/pipelines/pulls")
    .query({ state: "open", per_page: 50 })
    .reply(200, [{ number: 7, head: { sha: head } }])
    .get("/repos/acme/pipelines/commits")
    .query({ sha: "main", per_page: 10 })
    .reply(200, [{ sha: base }])
    .get(`/repos/acme/pipelines/commits/${head}/check-runs`)
    .query(true)
    .reply(200, {
      total_count: checkRuns.length,
      check_runs: checkRuns.map((check) => ({ ...check, name: "coxswain/run: train" })),
    })
    .get(`/repos/acme/pipelines/commits/${base}/check-runs`)
    .query(true)
    .reply(200, { total_count: 0, check_runs: [] });
}

describe("the repair pass", () => {
  it("completes as cancelled the check of a run whose Workflow is gone, and leaves the others", async () => {
    const gone = await runOnPullRequest(1);
    const kept = await runOnPullRequest(2);
    await f.cluster.deleteForeign("workflows", f.namespace, gone);
    f.github.reporting(7);
    work = leaderDuties(f.app.probot, f.deps, { intervalMs: 0, prune: false, repair: false });
    await work.start();
    await work.reporting?.drain();
    const before = f.github.checkRunUpdates.length;
    githubState([
      { id: 100, external_id: gone, status: "queued" },
      { id: 101, external_id: kept, status: "queued" },
    ]);
    expect(await work.repair()).toEqual({ completedGone: 1, reported: 0 });
    const repaired = f.github.checkRunUpdates.slice(before);
    expect(repaired).toHaveLength(1);
    expect(repaired[0]).toMatchObject({
      id: 100,
      body: { status: "completed", conclusion: "cancelled", output: { title: "The run is gone" } },
    });
  });

  it("hands a run that ended unnoticed back to the reporter, which completes it and notifies once", async () => {
    const name = await runOnPullRequest(1);
    f.github.reporting(7);
    work = leaderDuties(f.app.probot, f.deps, { intervalMs: 0, prune: false, repair: false });
    await work.start();
    await work.reporting?.drain();
    // The watch missed this change (the reporter is told nothing of it).
    work.reporting?.watcher.stop();
    const run = await argoFor(target).load(f.namespace, name);
    await run.start();
    await run.finishAs("Failed");
    githubState([{ id: 100, external_id: name, status: "in_progress" }]);
    expect(await work.repair()).toEqual({ completedGone: 0, reported: 1 });
    await work.reporting?.drain();
    expect(f.github.checkRunUpdates.at(-1)?.body).toMatchObject({
      status: "completed",
      conclusion: "failure",
    });
    expect(f.github.comments.filter((c) => c.body.includes("<!-- coxswain:exit:"))).toHaveLength(1);
  });
});
