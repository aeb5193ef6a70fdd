import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ArgoObject } from "../../app/cluster/argo-kinds.ts";
import { argoServerClient } from "../../app/cluster/argo-server.ts";
import { loopbackTarget } from "../support/cluster-target.ts";
import { failStep } from "../support/failed-run.ts";
import { type FakeArgoServer, startFakeArgoServer } from "../support/fake-argo-server.ts";
import { workflowTemplate } from "../support/pipelines.ts";
import { type SyncFixture, startSyncFixture } from "../support/sync-fixture.ts";
import { issueCommentPayload } from "../support/webhooks.ts";

let target: Awaited<ReturnType<typeof loopbackTarget>>;
let argo: FakeArgoServer;
let f: SyncFixture;
let baseSha: string;
let headSha: string;

beforeAll(async () => {
  target = await loopbackTarget();
  argo = await startFakeArgoServer(target);
});
afterAll(async () => {
  await argo.close();
  await target.close();
});
beforeEach(async () => {
  argo.retried.length = 0;
  f = await startSyncFixture(target, { argoServer: argoServerClient(argo.url, argo.token) });
  baseSha = await f.origin.commit({ "workflows/train.yaml": workflowTemplate("train") });
  await f.origin.branch("change");
  headSha = await f.origin.commit({ "notes.md": "x" }, "notes", "change");
  await f.origin.pushPullRef(7, headSha);
  await comment("/run train", 1, true);
});
afterEach(async () => {
  await f.close();
});

async function comment(body: string, commentId: number, startsRun = false) {
  f.github
    .installationToken()
    .reaction(commentId)
    .pullRequest(7, { sha: headSha }, { sha: baseSha })
    .permission("octocat", "write")
    .commentsOn(7);
  if (startsRun || body.startsWith("/retry"))
    f.github.queuedCheckRun("coxswain/run: train", headSha);
  await f.app.receive(
    "issue_comment",
    issueCommentPayload(f.repository, { number: 7, body, commentId }),
  );
}

async function theRun(): Promise<ArgoObject> {
  const [run] = await f.cluster.list("workflows", f.namespace);
  if (!run) throw new Error("no run");
  return run;
}

describe("/retry with an Argo server configured", () => {
  it("retries the failed steps of the same run through the Argo server and reports it anew", async () => {
    const run = await theRun();
    await failStep(target, f.namespace, run.metadata.name, { log: "boom\n" });
    // The failure was reported.
    await f.cluster.patchForeign("workflows", f.namespace, run.metadata.name, {
      metadata: { annotations: { "coxswain.dev/notified-phase": "Failed" } },
    });
    await comment("/retry", 2);
    f.github.done();
    expect(argo.retried).toEqual([`${f.namespace}/${run.metadata.name}`]);
    expect(f.github.comments.at(-1)?.body).toBe(
      `Retrying the failed steps of \`${run.metadata.name}\` through the Argo server.`,
    );
    const after = await theRun();
    expect((after.status as { phase: string }).phase).toBe("Running");
    expect(after.metadata.annotations?.["coxswain.dev/retries"]).toBe("1");
    expect(after.metadata.annotations?.["coxswain.dev/notified-phase"]).toBeUndefined();
    expect(after.metadata.annotations?.["coxswain.dev/check-run-id"]).toBe("101");
    expect(await f.cluster.list("workflows", f.namespace)).toHaveLength(1);
  });

  it("refuses to retry a run that has not failed", async () => {
    const run = await theRun();
    f.github.commentsOn(7);
    f.github
      .reaction(3)
      .pullRequest(7, { sha: headSha }, { sha: baseSha })
      .permission("octocat", "write");
    await f.app.receive(
      "issue_comment",
      issueCommentPayload(f.repository, { number: 7, body: "/retry", commentId: 3 }),
    );
    expect(argo.retried).toEqual([]);
    expect(f.github.comments.at(-1)?.body).toBe(
      `\`/retry\`: ${run.metadata.name} has not failed (Pending); there is nothing to retry; rerun it to start it again.`,
    );
  });

  it("says what the Argo server answered when it refuses", async () => {
    const run = await theRun();
    await failStep(target, f.namespace, run.metadata.name, { log: "boom\n" });
    const wrongToken = argoServerClient(argo.url, "wrong");
    await expect(wrongToken.retry(f.namespace, run.metadata.name)).rejects.toThrow(
      "the Argo server answered 401: Unauthorized",
    );
  });
});
