// Many runs reported on GitHub through an installation whose rate limit is 20 requests a window:
// the GitHub double answers with GitHub's x-ratelimit-* headers and refuses with GitHub's 403
// once a window is spent; Argo's controller double moves the runs.
import { load } from "js-yaml";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ArgoObject } from "../../app/cluster/argo-kinds.ts";
import { createMetrics } from "../../app/metrics/metrics.ts";
import { type RunReporting, startRunReporting } from "../../app/server/run-reporting.ts";
import type { ArgoRun } from "../support/argo-controller/index.ts";
import { argoFor } from "../support/argo-runs.ts";
import { type ClusterTarget, loopbackTarget } from "../support/cluster-target.ts";
import type { CheckRunUpdate } from "../support/github-mock.ts";
import { workflowTemplate } from "../support/pipelines.ts";
import { signedPullRequestRun } from "../support/signed-run.ts";
import { eachSyncFixture, repoFullName, type SyncFixture } from "../support/sync-fixture.ts";
import { installationId } from "../support/webhooks.ts";

const limit = 20;
const windowMs = 1_000;

let f: SyncFixture;
let target: ClusterTarget;
let reporting: RunReporting | undefined;

eachSyncFixture(loopbackTarget, (fixture, cluster) => {
  f = fixture;
  target = cluster;
});
beforeEach(async () => {
  f.deps.metrics = createMetrics();
  f.github.installationToken().reporting(7).rateLimit(limit, windowMs);
  const template = load(workflowTemplate("train")) as ArgoObject;
  await target.createForeign("workflowtemplates", f.namespace, template);
});
afterEach(() => {
  reporting?.stop();
  reporting = undefined;
});

/** `count` runs of `train` on pull request 7, each with its check run (100 + i) and comment (5000 + i). */
async function startRuns(count: number): Promise<ArgoRun[]> {
  const runs: ArgoRun[] = [];
  for (let i = 0; i < count; i++) {
    const name = `train-${i}`;
    const workflow = signedPullRequestRun(f.namespace, {
      name,
      pr: 7,
      annotations: {
        "coxswain.dev/installation-id": String(installationId),
        "coxswain.dev/repo-full-name": repoFullName,
        "coxswain.dev/check-run-id": String(100 + i),
        "coxswain.dev/pr-comment-id": String(5000 + i),
      },
    });
    await target.createForeign("workflows", f.namespace, workflow);
    runs.push(await argoFor(target).load(f.namespace, name));
  }
  return runs;
}

async function report(): Promise<RunReporting> {
  reporting = await startRunReporting(f.app.probot, f.deps, {
    intervalMs: 0,
    retryMs: 50,
    namespace: f.namespace,
  });
  return reporting;
}

async function until(what: string, condition: () => boolean | Promise<boolean>, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const exitNotifications = () =>
  f.github.comments.filter((comment) => comment.body.includes("<!-- coxswain:exit:"));

const checkRunOf = (run: number) => (update: CheckRunUpdate) => update.id === 100 + run;

async function counted(metric: "reportsCoalesced" | "reportsDeferred" | "rateLimitRefusals") {
  const values = (await f.deps.metrics?.[metric].get())?.values ?? [];
  return values.reduce((sum, value) => sum + value.value, 0);
}

async function queuedFinals(): Promise<number> {
  const values = (await f.deps.metrics?.reportsQueued.get())?.values ?? [];
  return values.find((value) => value.labels.kind === "final")?.value ?? 0;
}

describe("reporting many runs within an installation's rate limit", () => {
  it("spreads the writes so a window is never spent, and writes each run's last state with fewer writes than changes", async () => {
    const runs = await startRuns(8);
    await report();
    let changes = 0;
    for (const run of runs) {
      await run.start();
      await run.succeed("load");
      await run.progress("train");
      changes += 3;
    }
    for (const run of runs) {
      await run.succeed("train");
      changes++;
    }
    await until("every exit notification", () => exitNotifications().length === runs.length);
    await reporting?.drain();

    expect(f.github.refusals).toEqual([]);
    expect(Math.min(...f.github.metered.map((answer) => answer.remaining))).toBeGreaterThan(0);
    const updates = f.github.checkRunUpdates;
    const progress = updates.filter((update) => update.body.status !== "completed");
    expect(progress.length).toBeLessThan(changes);
    expect(await counted("reportsCoalesced")).toBeGreaterThan(0);
    expect(await counted("reportsDeferred")).toBeGreaterThan(0);
    runs.forEach((_, i) => {
      const ofRun = updates.filter(checkRunOf(i));
      // The last state is the one written last, and nothing follows it.
      expect(ofRun.at(-1)?.body).toMatchObject({ status: "completed", conclusion: "success" });
      expect(ofRun.filter((update) => update.body.status === "completed")).toHaveLength(1);
      const comment = f.github.commentUpdates.filter((update) => update.id === 5000 + i).at(-1);
      expect(comment?.body).toContain("| train | ✅ Succeeded |");
      expect(
        exitNotifications().filter((c) => c.body.includes(`coxswain:exit:train-${i} `)),
      ).toHaveLength(1);
    });
  });

  it("waits for the reset after GitHub's 403 said the window was spent, then writes every final state before the progress that waited with it", async () => {
    const runs = await startRuns(8);
    const ending = runs.slice(0, 4);
    const running = runs.slice(4);
    await report();
    for (const run of runs) await run.start();
    await until("the first reports", () => f.github.checkRunUpdates.length >= 2);
    // Someone else spends the rest of the window: the next requests get GitHub's 403.
    f.github.spendWindow(1_500);
    for (const run of running) await run.succeed("load");
    for (const run of ending) {
      await run.succeed("load");
      await run.succeed("train");
    }
    await until("a refusal, and the ended runs' reports waiting for the reset", async () => {
      return f.github.refusals.length > 0 && (await queuedFinals()) === ending.length;
    });
    const [firstRefusal] = f.github.refusals;
    expect(firstRefusal).toBeDefined();
    const writtenBefore = f.github.checkRunUpdates.length;
    await until("every exit notification", () => exitNotifications().length === ending.length);
    await until("a running run's progress", () =>
      running.some((_, i) =>
        f.github.checkRunUpdates.slice(writtenBefore).some(checkRunOf(ending.length + i)),
      ),
    );

    // Nothing was written between the refusal and the reset.
    const afterRefusal = f.github.metered.filter((answer) => answer.at >= (firstRefusal?.at ?? 0));
    const firstAnswered = afterRefusal.find((answer) => answer.status !== 403);
    expect(firstAnswered?.at).toBeGreaterThanOrEqual(firstRefusal?.resetAt ?? Infinity);
    // Every final state went before any progress that was waiting with it.
    const written = f.github.checkRunUpdates.slice(writtenBefore);
    const lastFinal = Math.max(
      ...ending.map((_, i) =>
        written.findIndex((u) => checkRunOf(i)(u) && u.body.status === "completed"),
      ),
    );
    const firstProgress = written.findIndex((u) =>
      running.some((_, i) => checkRunOf(ending.length + i)(u)),
    );
    expect(lastFinal).toBeGreaterThanOrEqual(0);
    expect(lastFinal).toBeLessThan(firstProgress);
    // None dropped, none repeated.
    ending.forEach((_, i) => {
      expect(f.github.checkRunUpdates.filter(checkRunOf(i)).at(-1)?.body).toMatchObject({
        status: "completed",
        conclusion: "success",
      });
      expect(
        exitNotifications().filter((c) => c.body.includes(`coxswain:exit:train-${i} `)),
      ).toHaveLength(1);
    });
    await until("the notified phase on each ended run", async () => {
      const listed = await f.cluster.list("workflows", f.namespace);
      return ending.every(
        (run) =>
          listed.find((w) => w.metadata.name === run.name)?.metadata.annotations?.[
            "coxswain.dev/notified-phase"
          ] === "Succeeded",
      );
    });
    expect(await counted("rateLimitRefusals")).toBeGreaterThan(0);
  });
});
