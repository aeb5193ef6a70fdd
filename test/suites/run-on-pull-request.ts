// What the run-reporting suites share: each test starts with `/run train` on pull request 7 (its
// Workflow created, its check run queued), Argo's controller double to move it on a clock the
// test sets, and the run reporting the test starts, stopped after it.
import { afterEach, beforeEach } from "vitest";
import type { ArgoObject } from "../../app/cluster/argo-kinds.ts";
import { type RunReporting, startRunReporting } from "../../app/server/run-reporting.ts";
import type { ArgoRun } from "../support/argo-controller/index.ts";
import { argoFor, clockAt, type RunClock } from "../support/argo-runs.ts";
import type { ClusterTarget } from "../support/cluster-target.ts";
import { workflowTemplate } from "../support/pipelines.ts";
import { eachSyncFixture, type SyncFixture } from "../support/sync-fixture.ts";
import { issueCommentPayload } from "../support/webhooks.ts";

export interface RunOnPullRequest {
  readonly f: SyncFixture;
  readonly target: ClusterTarget;
  readonly baseSha: string;
  /** The controller's clock; every test starts at 2026-11-23T10:00:00Z. */
  readonly clock: RunClock;
  theRun(): Promise<ArgoObject>;
  /** The run as Argo's controller takes it up. */
  argoRun(): Promise<ArgoRun>;
  /** Starts the run reporting on the repository's namespace (or `namespace`). */
  report(options?: {
    intervalMs?: number;
    retryMs?: number;
    namespace?: string;
  }): Promise<RunReporting>;
  until(what: string, condition: () => boolean | Promise<boolean>): Promise<void>;
  exitNotifications(): SyncFixture["github"]["comments"];
}

const startOfRun = "2026-11-23T10:00:00Z";

export function runOnPullRequest(makeTarget: () => Promise<ClusterTarget>): RunOnPullRequest {
  let target: ClusterTarget;
  let f: SyncFixture;
  let baseSha: string;
  const started: RunReporting[] = [];
  const clock = clockAt(startOfRun);

  eachSyncFixture(makeTarget, (fixture, cluster) => {
    f = fixture;
    target = cluster;
  });
  beforeEach(async () => {
    clock.set(startOfRun);
    baseSha = await f.origin.commit({ "workflows/train.yaml": workflowTemplate("train") });
    await f.origin.branch("change");
    const headSha = await f.origin.commit(
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
    for (const reporting of started.splice(0)) reporting.stop();
  });

  async function theRun(): Promise<ArgoObject> {
    const [run] = await f.cluster.list("workflows", f.namespace);
    if (!run) throw new Error("no run");
    return run;
  }

  return {
    get f() {
      return f;
    },
    get target() {
      return target;
    },
    get baseSha() {
      return baseSha;
    },
    clock,
    theRun,
    async argoRun() {
      return argoFor(target, clock).load(f.namespace, (await theRun()).metadata.name);
    },
    async report(options = {}) {
      const reporting = await startRunReporting(f.app.probot, f.deps, {
        intervalMs: 0,
        namespace: f.namespace,
        ...options,
      });
      started.push(reporting);
      return reporting;
    },
    async until(what, condition) {
      const deadline = Date.now() + 5000;
      while (!(await condition())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    exitNotifications: () =>
      f.github.comments.filter((comment) => comment.body.includes("<!-- coxswain:exit:")),
  };
}
