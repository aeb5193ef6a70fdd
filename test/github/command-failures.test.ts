// Every request gets an answer: when the cluster or Git cannot be reached while a comment's
// commands are handled, the commenter is told what failed (not just 👀 and silence).
import { rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from "vitest";
import { loopbackTarget } from "../support/cluster-target.ts";
import { workflowTemplate } from "../support/pipelines.ts";
import { type SyncFixture, startSyncFixture } from "../support/sync-fixture.ts";
import { issueCommentPayload } from "../support/webhooks.ts";

let target: Awaited<ReturnType<typeof loopbackTarget>>;
let f: SyncFixture;
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
  target.api.clearFaults();
  await f.close();
});

async function comment(body: string, reachable = true) {
  f.github.installationToken().permission("octocat", "write").commentsOn(7);
  if (reachable) f.github.reaction(1001).pullRequest(7, { sha: head }, { sha: base });
  await f.app.receive(
    "issue_comment",
    issueCommentPayload(f.repository, { number: 7, body, commentId: 1001 }),
  );
  f.github.done();
  return f.github.comments.at(-1)?.body ?? "";
}

it("answers a command the cluster failed, naming the failure, and still answers the others", async () => {
  target.api.injectFault({
    method: "GET",
    pathPrefix: `/apis/argoproj.io/v1alpha1/namespaces/${f.namespace}/workflows`,
    status: 503,
    times: 10,
    message: "etcd is unavailable",
  });
  const reply = await comment("/status\n/help");
  expect(reply).toMatch(
    /^`\/status`: coxswain could not finish it: the cluster.s API answered 503: .+\. Try again\./,
  );
  expect(reply).toContain("**coxswain commands**");
});

it("answers when Git cannot be reached to read the default branch's config", async () => {
  await rm(fileURLToPath(f.origin.url), { recursive: true, force: true });
  const reply = await comment("/status", false);
  expect(reply).toMatch(
    /^@octocat, coxswain could not take these commands: git could not reach acme\/pipelines: .*\. Try again\.$/s,
  );
});
