import { readdir } from "node:fs/promises";
import { beforeEach, describe, expect, it } from "vitest";
import type { ArgoObject } from "../../app/cluster/argo-kinds.ts";
import type { ClusterTarget } from "../support/cluster-target.ts";
import { workflowTemplate } from "../support/pipelines.ts";
import { eachSyncFixture, type SyncFixture } from "../support/sync-fixture.ts";
import { checkRunRerequested, issueCommentPayload } from "../support/webhooks.ts";

// One gate for every channel: the command permission, the triggers and the metrics gate come
// from the default branch's config (with `_extends`), never from a pull request or its base,
// and nothing is done for an actor before their permission is known. Runs on the loopback test
// API (test/github/) and on a real kube-apiserver (test/integration/).
export function commandGateSuite(makeTarget: () => Promise<ClusterTarget>): void {
  let f: SyncFixture;

  eachSyncFixture(makeTarget, (fixture) => {
    f = fixture;
  });

  const gate = "metrics:\n  accuracy: {better: higher, onRegression: failure}\n";
  beforeEach(async () => {
    await f.origin.commit({
      ".github/coxswain.yml": `commands: {permission: admin}\n${gate}`,
      "workflows/train.yaml": workflowTemplate("train"),
    });
  });

  const runs = async () => (await f.cluster.list("workflows", f.namespace)) as ArgoObject[];

  /** A pull request #7 from `branch` (made from main with `files`) into `base`. */
  async function pullRequest(files: Record<string, string>, base = "main", branch = "change") {
    await f.origin.branch(branch, base);
    const head = await f.origin.commit(files, "change", branch);
    await f.origin.pushPullRef(7, head);
    return { head, base: await f.origin.headOf(base), baseRef: base };
  }

  async function comment(
    body: string,
    pull: { head: string; base: string; baseRef: string },
    options: { login?: string; role?: string; commentId?: number; allowed?: boolean } = {},
  ) {
    const login = options.login ?? "octocat";
    const commentId = options.commentId ?? 1001;
    f.github.installationToken().permission(login, options.role ?? "write");
    if (options.allowed)
      f.github
        .reaction(commentId)
        .pullRequest(7, { sha: pull.head }, { sha: pull.base, ref: pull.baseRef });
    await f.app.receive(
      "issue_comment",
      issueCommentPayload(f.repository, { number: 7, body, login, commentId }),
    );
  }

  describe("the command permission", () => {
    it("comes from the default branch, not from the base branch a pull request chose", async () => {
      // A writer pushes an unprotected branch that lowers the permission and opens a PR into it.
      await f.origin.branch("lax", "main");
      await f.origin.commit(
        { ".github/coxswain.yml": "commands: {permission: write}\n" },
        "lower the bar",
        "lax",
      );
      const pull = await pullRequest({ "workflows/train.yaml": workflowTemplate("train") }, "lax");
      f.github.commentsOn(7);
      await comment("/run train", pull);
      f.github.done();
      expect(await runs()).toEqual([]);
      expect(f.github.comments.map((c) => c.body)).toEqual([
        "@octocat, coxswain's commands on acme/pipelines need admin permission, and octocat has write; nothing was done. A maintainer can do it for them.",
      ]);
    });

    it("comes from the organisation's shared config when the default branch extends it", async () => {
      await f.origin.commit({ ".github/coxswain.yml": "_extends: .github\n" }, "share", "main");
      const pull = await pullRequest({ "workflows/train.yaml": workflowTemplate("train") });
      f.github.scope
        .get(/^\/repos\/acme\/\.github\/contents\/\.github(%2F|\/)coxswain\.yml/)
        .reply(200, {
          type: "file",
          encoding: "base64",
          content: Buffer.from("commands: {permission: maintain}\n").toString("base64"),
        });
      f.github.commentsOn(7);
      await comment("/status", pull);
      f.github.done();
      expect(f.github.comments.map((c) => c.body)).toEqual([
        "@octocat, coxswain's commands on acme/pipelines need maintain permission, and octocat has write; nothing was done. A maintainer can do it for them.",
      ]);
    });

    it("is checked before anything else is done for the commenter: no 👀, no pull request, no fetch", async () => {
      const pull = await pullRequest({ "workflows/train.yaml": workflowTemplate("train") });
      f.github.commentsOn(7);
      await comment("/run train\n/stop", pull, { login: "visitor", role: "read" });
      f.github.done();
      expect(await readdir(f.mirrorsDir)).toEqual([]);
      expect(f.recorded.calls).toEqual([]);
      expect(f.github.comments.map((c) => c.body)).toEqual([
        "@visitor, coxswain's commands on acme/pipelines need at least write permission, and visitor has read; nothing was done. A maintainer can do it for them.",
      ]);
    });

    it("is checked for a check run's Re-run, and a refusal is answered on its pull request", async () => {
      const pull = await pullRequest({ "workflows/train.yaml": workflowTemplate("train") });
      f.github.queuedCheckRun("coxswain/run: train", pull.head).commentsOn(7);
      await comment("/run train", pull, { role: "admin", allowed: true });
      const [first] = await runs();
      f.github.installationToken().permission("mallory", "write").commentsOn(7);
      await f.app.receive(
        "check_run",
        checkRunRerequested(
          "coxswain/run: train",
          pull.head,
          f.repository,
          [7],
          first?.metadata.name ?? "",
          "mallory",
        ),
      );
      f.github.done();
      expect(await runs()).toHaveLength(1);
      expect(f.github.comments.at(-1)?.body).toBe(
        "@mallory, coxswain's commands on acme/pipelines need admin permission, and mallory has write; nothing was done. A maintainer can do it for them.",
      );
    });
  });

  describe("the metrics gate", () => {
    it("is the default branch's for /rerun, whatever the pull request's own config says", async () => {
      const pull = await pullRequest({
        ".github/coxswain.yml": "commands: {permission: write}\nmetrics: {}\n",
        "workflows/train.yaml": workflowTemplate("train"),
      });
      f.github
        .queuedCheckRun("coxswain/run: train", pull.head)
        .queuedCheckRun("coxswain/run: train", pull.head)
        .commentsOn(7, 3);
      await comment("/run train", pull, { role: "admin", allowed: true });
      await comment("/rerun", pull, { role: "admin", allowed: true, commentId: 1002 });
      f.github.done();
      const started = await runs();
      expect(started).toHaveLength(2);
      for (const run of started)
        expect(JSON.parse(run.metadata.annotations?.["coxswain.dev/metrics"] ?? "{}")).toEqual({
          accuracy: { better: "higher", threshold: 0, onRegression: "failure" },
        });
    });
  });

  describe("one comment, several commands", () => {
    it("starts a run for each /run line, also of the same template", async () => {
      const pull = await pullRequest({ "workflows/train.yaml": workflowTemplate("train") });
      f.github
        .queuedCheckRun("coxswain/run: train", pull.head)
        .queuedCheckRun("coxswain/run: train", pull.head)
        .commentsOn(7, 2);
      await comment("/run train lr=0.1\n/run train lr=0.2", pull, { role: "admin", allowed: true });
      f.github.done();
      const parameters = (await runs()).map(
        (run) => (run.spec as { arguments: { parameters: unknown[] } }).arguments.parameters,
      );
      expect(parameters).toHaveLength(2);
      expect(parameters).toEqual(
        expect.arrayContaining([[{ name: "lr", value: "0.1" }], [{ name: "lr", value: "0.2" }]]),
      );
    });
  });
}
