import { describe, expect, it } from "vitest";
import { runStatusOf } from "../../app/runs/run-status.ts";
import { keptTimeline } from "../../app/runs/step-timeline.ts";
import { argoFor, runUpTo } from "../support/argo-runs.ts";
import type { ClusterTarget } from "../support/cluster-target.ts";
import { failStep } from "../support/failed-run.ts";
import { lifecyclePipeline } from "../support/pipelines.ts";
import { runTimedSteps } from "../support/timed-steps.ts";
import { issueCommentPayload } from "../support/webhooks.ts";
import { runOnPullRequest } from "./run-on-pull-request.ts";
import { untrustedRunsSuite } from "./untrusted-runs-suite.ts";

// Runs on the loopback test API (test/github/) and on a real kube-apiserver (test/integration/).
// Argo's controller double moves the runs, so their statuses, labels and pods are Argo's.
export function runReportingSuite(makeTarget: () => Promise<ClusterTarget>): void {
  const pr = runOnPullRequest(makeTarget);
  const notifiedPhase = async () =>
    (await pr.theRun()).metadata.annotations?.["coxswain.dev/notified-phase"];

  describe("reporting a run on GitHub", () => {
    it("moves the check run from queued to in progress to success, keeps the run comment up to date and notifies the end once", async () => {
      const { f, clock } = pr;
      // Taken to its second step before reporting starts, so the first report is of that state.
      const run = await pr.argoRun();
      await runUpTo(run, "train");
      await run.progress("train");
      await pr.report();
      await pr.until("an in-progress check run", () =>
        f.github.checkRunUpdates.some((u) => u.body.status === "in_progress"),
      );
      const running = f.github.checkRunUpdates.find((u) => u.body.status === "in_progress");
      expect(running).toMatchObject({
        id: 100,
        body: { output: { title: expect.stringMatching(/^🔄 Running · 1\/2 steps · /) } },
      });
      clock.set("2026-11-23T10:04:12Z");
      await run.succeed("train", {
        outputs: { parameters: [{ name: "accuracy", value: "0.93" }] },
      });
      await pr.until("the exit notification", () => pr.exitNotifications().length === 1);
      await pr.until("the notified phase on the run", async () => {
        return (await notifiedPhase()) === "Succeeded";
      });
      const completed = f.github.checkRunUpdates.filter((u) => u.body.status === "completed");
      expect(completed.at(-1)?.body).toMatchObject({ conclusion: "success" });
      const comment = f.github.commentUpdates.at(-1);
      expect(comment?.id).toBe(5000);
      expect(comment?.body).toContain("| train | ✅ Succeeded |");
      expect(comment?.body).toContain("| accuracy | `0.93` |");
      expect(pr.exitNotifications()[0]?.body).toContain("✅ **train** run");
      expect(pr.exitNotifications()[0]?.body).toContain("succeeded after 4m 12s");
    });

    it("shows where the time went once the run has ended, from its pods' container starts", async () => {
      const { f, clock } = pr;
      const run = await pr.argoRun();
      await run.start();
      await runTimedSteps(run, clock, async () => {
        await pr.report();
        await pr.until("a progress write", () => f.github.commentUpdates.length > 0);
        expect(f.github.commentUpdates.at(-1)?.body).not.toContain("Where the time went");
      });
      await pr.until("the notified phase", async () => (await notifiedPhase()) === "Succeeded");
      const report = f.github.commentUpdates.at(-1)?.body ?? "";
      expect(report).toContain(
        "**Where the time went:** 3m 7s running and 1m 5s waiting (26%) for scheduling, image pulls and pod starts, summed over 2 steps.",
      );
      expect(report).toMatch(/```mermaid\ngantt\n {2}dateFormat x\n/);
      expect(keptTimeline(await pr.theRun())?.steps.map((step) => step.step)).toEqual([
        "load",
        "train",
      ]);
    });

    it("names the failed step in the exit notification", async () => {
      const { f, target } = pr;
      await pr.report();
      await failStep(target, f.namespace, (await pr.theRun()).metadata.name, { log: "boom\n" });
      await pr.until("the exit notification", () => pr.exitNotifications().length === 1);
      expect(pr.exitNotifications()[0]?.body).toContain(
        "Failed step: `train` — main: Error (exit code 1)",
      );
      expect(f.github.checkRunUpdates.at(-1)?.body).toMatchObject({
        status: "completed",
        conclusion: "failure",
      });
    });

    it("sends exactly one exit notification when the app restarts while the run ends", async () => {
      const { f } = pr;
      const first = await pr.report();
      const run = await pr.argoRun();
      await run.start();
      await run.progress("load");
      await pr.until("a progress write", () => f.github.checkRunUpdates.length > 0);
      first.stop();
      await run.finishAs("Succeeded");
      expect(pr.exitNotifications()).toEqual([]);
      const second = await pr.report();
      await pr.until("the exit notification", () => pr.exitNotifications().length === 1);
      await pr.until("the notified phase", async () => (await notifiedPhase()) === "Succeeded");
      second.stop();
      await pr.report();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(pr.exitNotifications()).toHaveLength(1);
    });

    it("retries when GitHub fails, and the run goes on untouched", async () => {
      const { f } = pr;
      f.github.outage = 3;
      await pr.report({ retryMs: 50 });
      const run = await pr.argoRun();
      await run.start();
      await run.finishAs("Succeeded");
      await pr.until("the exit notification", () => pr.exitNotifications().length === 1);
      expect(f.github.outage).toBe(0);
      expect(f.github.checkRunUpdates.at(-1)?.body).toMatchObject({
        status: "completed",
        conclusion: "success",
      });
      expect(runStatusOf(await pr.theRun()).phase).toBe("Succeeded");
      expect(pr.exitNotifications()).toHaveLength(1);
    });

    it("writes at most once per interval while a run keeps changing, and always the final state", async () => {
      const { f } = pr;
      await pr.report({ intervalMs: 60_000 });
      const run = await pr.argoRun();
      await run.start();
      await run.progress("load");
      await run.succeed("load");
      await run.progress("train");
      await run.succeed("train");
      await pr.until("the exit notification", () => pr.exitNotifications().length === 1);
      // One write when the watch first lists the run, then nothing within the interval, then
      // the final state, which is always written.
      expect(f.github.checkRunUpdates.map((u) => u.body.status)).toEqual(["queued", "completed"]);
    });

    it("follows a whole run as Argo moves it: steps, a DAG, a retry, a skipped step and the exit handler", async () => {
      const { f, target } = pr;
      const headSha = await f.origin.commit(
        { "workflows/lifecycle.yaml": lifecyclePipeline("lifecycle") },
        "add",
        "change",
      );
      await f.origin.pushPullRef(7, headSha);
      f.github
        .reaction(1002)
        .pullRequest(7, { sha: headSha }, { sha: pr.baseSha })
        .permission("octocat", "write")
        .queuedCheckRun("coxswain/run: lifecycle", headSha);
      await pr.report();
      await f.app.receive(
        "issue_comment",
        issueCommentPayload(f.repository, { number: 7, body: "/run lifecycle", commentId: 1002 }),
      );
      const lifecycle = (await f.cluster.list("workflows", f.namespace)).find(
        (run) => run.metadata.labels?.["coxswain.dev/template"] === "lifecycle",
      );
      if (!lifecycle) throw new Error("the lifecycle run was not started");
      const run = await argoFor(target).load(f.namespace, lifecycle.metadata.name);
      await run.start();
      await run.succeed("load");
      await run.fail("train", { log: "flaky failure" });
      await run.succeed("train");
      await run.succeed("evaluate", {
        outputs: { parameters: [{ name: "accuracy", value: "0.91" }] },
      });
      await run.finish();
      expect(run.status().phase).toBe("Succeeded");
      const marker = `<!-- coxswain:exit:${lifecycle.metadata.name} -->`;
      await pr.until("the exit notification", () =>
        f.github.comments.some((c) => c.body.includes(marker)),
      );
      const notification = f.github.comments.find((c) => c.body.includes(marker))?.body ?? "";
      expect(notification).toContain("✅ **lifecycle** run");
      expect(notification).not.toContain("Failed step");
      expect(notification).toContain("Exit handler: ✅ Succeeded");
      expect(notification).toContain("`accuracy=0.91`");
      const report =
        f.github.commentUpdates
          .filter((u) => u.body.includes(`coxswain:run:${lifecycle.metadata.name}`))
          .at(-1)?.body ?? "";
      expect(report).toContain("| publish | ⏭️ Skipped |");
      expect(report).toContain("| evaluate | ✅ Succeeded |");
      expect(report).toMatch(/\| train\(0\) \| ❌ Failed \|/);
      expect(report).toContain("```mermaid");
      expect(f.github.comments.filter((c) => c.body.includes(marker))).toHaveLength(1);
    });
  });

  untrustedRunsSuite(pr);

  describe("the exit notification's marker", () => {
    it("is not fooled by a marker in someone else's comment", async () => {
      const { f, target } = pr;
      const real = await pr.theRun();
      f.github.commentBy("mallory", 7, `<!-- coxswain:exit:${real.metadata.name} -->`);
      await pr.report();
      await failStep(target, f.namespace, real.metadata.name, { log: "boom\n" });
      await pr.until("the App's exit notification", () =>
        f.github.comments.some(
          (c) => c.author === undefined && c.body.includes("<!-- coxswain:exit:"),
        ),
      );
      expect(pr.exitNotifications()).toHaveLength(2);
    });

    it("finds the App's own notification, posted before a restart, and does not post it again", async () => {
      const { f } = pr;
      const real = await pr.theRun();
      f.github.comments.push({
        number: 7,
        body: `earlier\n<!-- coxswain:exit:${real.metadata.name} -->`,
      });
      await pr.report();
      const run = await pr.argoRun();
      await run.start();
      await run.finishAs("Succeeded");
      await pr.until("the notified phase", async () => (await notifiedPhase()) === "Succeeded");
      expect(pr.exitNotifications()).toHaveLength(1);
    });
  });
}
