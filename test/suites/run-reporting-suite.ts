import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ArgoObject } from "../../app/cluster/argo-kinds.ts";
import { type RunReporting, startRunReporting } from "../../app/github/run-reporting.ts";
import { runStatusOf } from "../../app/runs/run-status.ts";
import { argoController } from "../support/argo-controller/index.ts";
import type { ClusterTarget } from "../support/cluster-target.ts";
import { lifecyclePipeline, workflowTemplate } from "../support/pipelines.ts";
import { eachSyncFixture, type SyncFixture } from "../support/sync-fixture.ts";
import { issueCommentPayload } from "../support/webhooks.ts";

// Runs on the loopback test API (test/github/) and on a real kube-apiserver (test/integration/).
export function runReportingSuite(makeTarget: () => Promise<ClusterTarget>): void {
  let target: ClusterTarget;
  let f: SyncFixture;
  let headSha: string;
  let baseSha: string;
  let reporting: RunReporting | undefined;

  eachSyncFixture(makeTarget, (fixture, cluster) => {
    f = fixture;
    target = cluster;
  });
  beforeEach(async () => {
    baseSha = await f.origin.commit({ "workflows/train.yaml": workflowTemplate("train") });
    await f.origin.branch("change");
    headSha = await f.origin.commit(
      { "workflows/train.yaml": workflowTemplate("train", { image: "python:3.13" }) },
      "try",
      "change",
    );
    await f.origin.pushPullRef(7, headSha);
    f.github
      .installationToken()
      .reaction(1001)
      .pullRequest(7, { sha: headSha }, { sha: baseSha })
      .permission("octocat", "write")
      .queuedCheckRun("coxswain/run: train", headSha)
      .commentsOn(7);
    await f.app.receive(
      "issue_comment",
      issueCommentPayload(f.repository, { number: 7, body: "/run train", commentId: 1001 }),
    );
    f.github.done();
    f.github.reporting(7);
  });
  afterEach(() => {
    reporting?.stop();
    reporting = undefined;
  });

  async function theRun(): Promise<ArgoObject> {
    const [run] = await f.cluster.list("workflows", f.namespace);
    if (!run) throw new Error("no run");
    return run;
  }

  /** What Argo's controller writes as the run moves (a root DAG node and its two tasks). */
  async function moveTo(
    phase: "Running" | "Succeeded" | "Failed",
    steps: Record<string, string>,
    extra: object = {},
  ) {
    const run = await theRun();
    const name = run.metadata.name;
    const nodes: Record<string, unknown> = {
      [name]: {
        id: name,
        name,
        displayName: name,
        type: "DAG",
        phase,
        templateName: "main",
        startedAt: "2026-11-23T10:00:00Z",
      },
    };
    for (const [step, stepPhase] of Object.entries(steps)) {
      nodes[`${name}-${step}`] = {
        id: `${name}-${step}`,
        name: `${name}.${step}`,
        displayName: step,
        type: "Pod",
        phase: stepPhase,
        templateName: "step",
        startedAt: "2026-11-23T10:00:00Z",
        ...(stepPhase === "Failed"
          ? { message: "Error (exit code 1)", finishedAt: "2026-11-23T10:01:00Z" }
          : {}),
        ...(stepPhase === "Succeeded" ? { finishedAt: "2026-11-23T10:01:00Z" } : {}),
      };
    }
    const done = Object.values(steps).filter((p) => p === "Succeeded").length;
    await f.cluster.patchForeign("workflows", f.namespace, name, {
      status: {
        phase,
        startedAt: "2026-11-23T10:00:00Z",
        progress: `${done}/${Object.keys(steps).length}`,
        nodes,
        ...(phase === "Running" ? {} : { finishedAt: "2026-11-23T10:04:12Z" }),
        ...extra,
      },
    });
  }

  async function until(
    what: string,
    condition: () => boolean | Promise<boolean>,
    timeoutMs = 5000,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  const exitNotifications = () =>
    f.github.comments.filter((comment) => comment.body.includes("<!-- coxswain:exit:"));

  describe("reporting a run on GitHub", () => {
    it("moves the check run from queued to in progress to success, keeps the run comment up to date and notifies the end once", async () => {
      reporting = await startRunReporting(f.app.probot, f.deps, {
        intervalMs: 0,
        namespace: f.namespace,
      });
      await moveTo("Running", { load: "Succeeded", train: "Running" });
      await until("an in-progress check run", () =>
        f.github.checkRunUpdates.some((u) => u.body.status === "in_progress"),
      );
      const running = f.github.checkRunUpdates.find((u) => u.body.status === "in_progress");
      expect(running).toMatchObject({
        id: 100,
        body: { output: { title: expect.stringMatching(/^🔄 Running · 1\/2 steps · /) } },
      });
      await moveTo(
        "Succeeded",
        { load: "Succeeded", train: "Succeeded" },
        { outputs: { parameters: [{ name: "accuracy", value: "0.93" }] } },
      );
      await until("the exit notification", () => exitNotifications().length === 1);
      await until(
        "the notified phase on the run",
        async () =>
          (await theRun()).metadata.annotations?.["coxswain.dev/notified-phase"] === "Succeeded",
      );
      const completed = f.github.checkRunUpdates.filter((u) => u.body.status === "completed");
      expect(completed.at(-1)?.body).toMatchObject({ conclusion: "success" });
      const comment = f.github.commentUpdates.at(-1);
      expect(comment?.id).toBe(5000);
      expect(comment?.body).toContain("| train | ✅ Succeeded |");
      expect(comment?.body).toContain("| accuracy | `0.93` |");
      expect(exitNotifications()[0]?.body).toContain("✅ **train** run");
      expect(exitNotifications()[0]?.body).toContain("succeeded after 4m 12s");
    });

    it("names the failed step in the exit notification", async () => {
      reporting = await startRunReporting(f.app.probot, f.deps, {
        intervalMs: 0,
        namespace: f.namespace,
      });
      await moveTo(
        "Failed",
        { load: "Succeeded", train: "Failed" },
        { message: "child 'train' failed" },
      );
      await until("the exit notification", () => exitNotifications().length === 1);
      expect(exitNotifications()[0]?.body).toContain("Failed step: `train` — Error (exit code 1)");
      expect(f.github.checkRunUpdates.at(-1)?.body).toMatchObject({
        status: "completed",
        conclusion: "failure",
      });
    });

    it("sends exactly one exit notification when the app restarts while the run ends", async () => {
      reporting = await startRunReporting(f.app.probot, f.deps, {
        intervalMs: 0,
        namespace: f.namespace,
      });
      await moveTo("Running", { load: "Running" });
      await until("a progress write", () => f.github.checkRunUpdates.length > 0);
      reporting.stop();
      await moveTo("Succeeded", { load: "Succeeded" });
      expect(exitNotifications()).toEqual([]);
      reporting = await startRunReporting(f.app.probot, f.deps, {
        intervalMs: 0,
        namespace: f.namespace,
      });
      await until("the exit notification", () => exitNotifications().length === 1);
      await until(
        "the notified phase",
        async () =>
          (await theRun()).metadata.annotations?.["coxswain.dev/notified-phase"] === "Succeeded",
      );
      reporting.stop();
      reporting = await startRunReporting(f.app.probot, f.deps, {
        intervalMs: 0,
        namespace: f.namespace,
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(exitNotifications()).toHaveLength(1);
    });

    it("retries when GitHub fails, and the run goes on untouched", async () => {
      f.github.outage = 3;
      reporting = await startRunReporting(f.app.probot, f.deps, {
        intervalMs: 0,
        retryMs: 50,
        namespace: f.namespace,
      });
      await moveTo("Succeeded", { load: "Succeeded", train: "Succeeded" });
      await until("the exit notification", () => exitNotifications().length === 1);
      expect(f.github.outage).toBe(0);
      expect(f.github.checkRunUpdates.at(-1)?.body).toMatchObject({
        status: "completed",
        conclusion: "success",
      });
      expect(runStatusOf(await theRun()).phase).toBe("Succeeded");
      expect(exitNotifications()).toHaveLength(1);
    });

    it("writes at most once per interval while a run keeps changing, and always the final state", async () => {
      reporting = await startRunReporting(f.app.probot, f.deps, {
        intervalMs: 60_000,
        namespace: f.namespace,
      });
      for (let i = 0; i < 20; i++)
        await moveTo("Running", { load: "Running", [`step${i}`]: "Running" });
      await moveTo("Succeeded", { load: "Succeeded" });
      await until("the exit notification", () => exitNotifications().length === 1);
      // One write when the watch first lists the run, then nothing within the interval, then
      // the final state, which is always written.
      expect(f.github.checkRunUpdates.map((u) => u.body.status)).toEqual(["queued", "completed"]);
    });

    it("follows a whole run as Argo moves it: steps, a DAG, a retry, a skipped step and the exit handler", async () => {
      headSha = await f.origin.commit(
        { "workflows/lifecycle.yaml": lifecyclePipeline("lifecycle") },
        "add",
        "change",
      );
      await f.origin.pushPullRef(7, headSha);
      f.github
        .reaction(1002)
        .pullRequest(7, { sha: headSha }, { sha: baseSha })
        .permission("octocat", "write")
        .queuedCheckRun("coxswain/run: lifecycle", headSha);
      reporting = await startRunReporting(f.app.probot, f.deps, {
        intervalMs: 0,
        namespace: f.namespace,
      });
      await f.app.receive(
        "issue_comment",
        issueCommentPayload(f.repository, { number: 7, body: "/run lifecycle", commentId: 1002 }),
      );
      const lifecycle = (await f.cluster.list("workflows", f.namespace)).find(
        (run) => run.metadata.labels?.["coxswain.dev/template"] === "lifecycle",
      );
      if (!lifecycle) throw new Error("the lifecycle run was not started");
      const api = (
        target as { api?: { setPodLog: (ns: string, pod: string, text: string) => void } }
      ).api;
      const controller = argoController(
        target.kubeConfig(),
        api ? { setPodLog: (ns, pod, text) => api.setPodLog(ns, pod, text) } : {},
      );
      const run = await controller.load(f.namespace, lifecycle.metadata.name);
      await run.start();
      await run.succeed("load");
      await run.fail("train", { message: "main: Error (exit code 1)", log: "flaky failure" });
      await run.succeed("train");
      await run.succeed("evaluate", {
        outputs: { parameters: [{ name: "accuracy", value: "0.91" }] },
      });
      await run.finish();
      expect(run.status().phase).toBe("Succeeded");
      const marker = `<!-- coxswain:exit:${lifecycle.metadata.name} -->`;
      await until("the exit notification", () =>
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
}
