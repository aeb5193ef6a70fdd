import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ArgoObject } from "../../app/cluster/argo-kinds.ts";
import { openLedger } from "../../app/ledger/open-ledger.ts";
import { createMetrics } from "../../app/metrics/metrics.ts";
import { runStatusOf } from "../../app/runs/run-status.ts";
import { type RunReporting, startRunReporting } from "../../app/server/run-reporting.ts";
import { argoController } from "../support/argo-controller/index.ts";
import type { ClusterTarget } from "../support/cluster-target.ts";
import { lifecyclePipeline, workflowTemplate } from "../support/pipelines.ts";
import { signedRun } from "../support/signed-run.ts";
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

  describe("runs whose identity coxswain did not sign", () => {
    /** A Workflow made from the real run's labels and annotations, changed by `forge`. */
    function forgedFrom(run: ArgoObject, name: string, forge: (a: Record<string, string>) => void) {
      const annotations = { ...(run.metadata.annotations ?? {}) };
      forge(annotations);
      return {
        apiVersion: run.apiVersion,
        kind: "Workflow",
        metadata: { name, labels: { ...(run.metadata.labels ?? {}) }, annotations },
        spec: run.spec,
      } as ArgoObject;
    }

    async function failAll(namespace: string, names: string[]) {
      for (const name of names)
        await f.cluster.patchForeign("workflows", namespace, name, {
          status: {
            phase: "Failed",
            startedAt: "2026-11-23T10:00:00Z",
            finishedAt: "2026-11-23T10:01:00Z",
          },
        });
    }

    async function untrustedCounts(): Promise<Record<string, number>> {
      const metric = await f.deps.metrics?.untrustedRuns.get();
      return Object.fromEntries(
        (metric?.values ?? []).map((v) => [String(v.labels.reason), v.value]),
      );
    }

    it("reports nowhere, records nothing and counts a run whose identity was copied, changed or left out", async () => {
      f.deps.metrics = createMetrics();
      const ledger = await openLedger(":memory:");
      f.deps.ledger = ledger;
      const real = await theRun();
      const forged = [
        // the real run's labels, annotations and seals on another Workflow
        forgedFrom(real, "copied-run", () => {}),
        // pointed at another repository's check run and comment
        forgedFrom(real, "retargeted-run", (a) => {
          a["coxswain.dev/repo-full-name"] = "acme/other";
          a["coxswain.dev/check-run-id"] = "777";
          a["coxswain.dev/pr-comment-id"] = "778";
        }),
        // no seal at all
        forgedFrom(real, "unsigned-run", (a) => {
          delete a["coxswain.dev/identity-seal"];
          a["coxswain.dev/check-run-id"] = "779";
        }),
      ];
      for (const run of forged) await f.cluster.createForeign("workflows", f.namespace, run);
      reporting = await startRunReporting(f.app.probot, f.deps, {
        intervalMs: 0,
        namespace: f.namespace,
      });
      await failAll(
        f.namespace,
        forged.map((run) => run.metadata.name),
      );
      await until("each forged run counted", async () => {
        const counts = await untrustedCounts();
        return counts.forged === 2 && counts.unsigned === 1;
      });
      await reporting.drain();
      const touched = f.github.checkRunUpdates.filter(
        (u) => u.id !== 100 || u.body.status === "completed",
      );
      expect(touched).toEqual([]);
      expect(f.github.commentUpdates.filter((u) => u.id !== 5000)).toEqual([]);
      expect(exitNotifications()).toEqual([]);
      expect(await ledger.ofRepository(f.namespace, "acme/pipelines")).toEqual([]);
      expect(await ledger.ofRepository(f.namespace, "acme/other")).toEqual([]);
      await ledger.close();
    });

    it("reports nowhere a correctly signed run found in a namespace its repository does not map to", async () => {
      f.deps.metrics = createMetrics();
      const other = await target.namespace("other-team");
      const real = await theRun();
      const moved = signedRun(
        {
          apiVersion: real.apiVersion,
          kind: "Workflow",
          metadata: {
            name: "moved-run",
            labels: { ...(real.metadata.labels ?? {}) },
            annotations: {
              ...(real.metadata.annotations ?? {}),
              "coxswain.dev/check-run-id": "780",
            },
          },
          spec: real.spec,
        } as ArgoObject,
        other,
      );
      await f.cluster.createForeign("workflows", other, moved);
      reporting = await startRunReporting(f.app.probot, f.deps, {
        intervalMs: 0,
        namespace: other,
      });
      await failAll(other, ["moved-run"]);
      await until(
        "the run counted",
        async () => (await untrustedCounts())["foreign-namespace"] === 1,
      );
      await reporting.drain();
      expect(f.github.checkRunUpdates).toEqual([]);
      expect(exitNotifications()).toEqual([]);
    });

    it("reports nowhere a run whose template's workflowMetadata overwrote coxswain's keys", async () => {
      // A WorkflowTemplate put in the cluster before definitions carrying coxswain's keys were
      // refused: Argo copies its workflowMetadata onto the run when it starts.
      f.deps.metrics = createMetrics();
      const real = await theRun();
      const spec = real.spec as { workflowMetadata?: unknown };
      await f.cluster.patchForeign("workflows", f.namespace, real.metadata.name, {
        spec: {
          ...spec,
          workflowMetadata: {
            annotations: {
              "coxswain.dev/check-run-id": "781",
              "coxswain.dev/repo-full-name": "acme/other",
            },
          },
        },
      });
      reporting = await startRunReporting(f.app.probot, f.deps, {
        intervalMs: 0,
        namespace: f.namespace,
      });
      const controller = argoController(target.kubeConfig());
      const run = await controller.load(f.namespace, real.metadata.name);
      await run.start();
      await run.finishAs("Failed");
      await until("the run counted", async () => (await untrustedCounts()).forged === 1);
      await reporting.drain();
      expect(f.github.checkRunUpdates.filter((u) => u.body.status === "completed")).toEqual([]);
      expect(f.github.checkRunUpdates.some((u) => u.id === 781)).toBe(false);
      expect(exitNotifications()).toEqual([]);
    });
    it("never writes to a check run whose id was not the one coxswain recorded", async () => {
      const real = await theRun();
      const spec = real.spec as Record<string, unknown>;
      await f.cluster.patchForeign("workflows", f.namespace, real.metadata.name, {
        spec: {
          ...spec,
          workflowMetadata: { annotations: { "coxswain.dev/check-run-id": "782" } },
        },
      });
      reporting = await startRunReporting(f.app.probot, f.deps, {
        intervalMs: 0,
        namespace: f.namespace,
      });
      const controller = argoController(target.kubeConfig());
      const run = await controller.load(f.namespace, real.metadata.name);
      await run.start();
      await run.finishAs("Succeeded");
      // The run is still coxswain's (its identity verifies): its comment is kept up to date.
      await until("the exit notification", () => exitNotifications().length === 1);
      expect((await theRun()).metadata.annotations?.["coxswain.dev/check-run-id"]).toBe("782");
      // Only the write made when the watch first listed it, before Argo overwrote the id.
      expect(f.github.checkRunUpdates.map((u) => [u.id, u.body.status])).toEqual([[100, "queued"]]);
      expect(f.github.commentUpdates.at(-1)?.id).toBe(5000);
    });
  });

  describe("the exit notification's marker", () => {
    it("is not fooled by a marker in someone else's comment", async () => {
      const real = await theRun();
      f.github.commentBy("mallory", 7, `<!-- coxswain:exit:${real.metadata.name} -->`);
      reporting = await startRunReporting(f.app.probot, f.deps, {
        intervalMs: 0,
        namespace: f.namespace,
      });
      await moveTo("Failed", { load: "Succeeded", train: "Failed" });
      await until("the App's exit notification", () =>
        f.github.comments.some(
          (c) => c.author === undefined && c.body.includes("<!-- coxswain:exit:"),
        ),
      );
      expect(exitNotifications()).toHaveLength(2);
    });

    it("finds the App's own notification, posted before a restart, and does not post it again", async () => {
      const real = await theRun();
      f.github.comments.push({
        number: 7,
        body: `earlier\n<!-- coxswain:exit:${real.metadata.name} -->`,
      });
      reporting = await startRunReporting(f.app.probot, f.deps, {
        intervalMs: 0,
        namespace: f.namespace,
      });
      await moveTo("Succeeded", { load: "Succeeded", train: "Succeeded" });
      await until(
        "the notified phase",
        async () =>
          (await theRun()).metadata.annotations?.["coxswain.dev/notified-phase"] === "Succeeded",
      );
      expect(exitNotifications()).toHaveLength(1);
    });
  });
}
