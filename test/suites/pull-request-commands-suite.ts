import { beforeEach, describe, expect, it } from "vitest";
import type { ArgoObject } from "../../app/cluster/argo-kinds.ts";
import { argoFor } from "../support/argo-runs.ts";
import type { ClusterTarget } from "../support/cluster-target.ts";
import { workflowTemplate } from "../support/pipelines.ts";
import { eachSyncFixture, type SyncFixture } from "../support/sync-fixture.ts";
import { checkRunRerequested, issueCommentPayload, type TestComment } from "../support/webhooks.ts";

// Runs on the loopback test API (test/github/) and on a real kube-apiserver (test/integration/).
export function pullRequestCommandsSuite(makeTarget: () => Promise<ClusterTarget>): void {
  let f: SyncFixture;
  let baseSha: string;
  let headSha: string;

  eachSyncFixture(makeTarget, (fixture) => {
    f = fixture;
  });
  beforeEach(async () => {
    baseSha = await f.origin.commit({
      ".github/coxswain.yml":
        'triggers:\n  - on: comment\n    template: train\n    parameters: {lr: "0.2"}\n    cancelInProgress: true\n',
      "workflows/train.yaml": workflowTemplate("train"),
    });
    await f.origin.branch("change");
    headSha = await f.origin.commit(
      { "workflows/train.yaml": workflowTemplate("train", { image: "python:3.13" }) },
      "try a new image",
      "change",
    );
    await f.origin.pushPullRef(7, headSha);
  });

  const runs = () => f.cluster.list("workflows", f.namespace);
  type RunSpec = {
    shutdown?: string;
    arguments: { parameters: Array<{ name: string; value: string }> };
    templates: Array<{ container?: { image: string } }>;
  };
  const specOf = (run: ArgoObject | undefined) => (run?.spec ?? {}) as RunSpec;

  /** Delivers a comment on PR #7 from `login` (with `role` on the repository). */
  async function comment(
    body: string,
    options: { login?: string; role?: string; commentId?: number; fork?: string } = {},
  ) {
    const login = options.login ?? "octocat";
    const commentId = options.commentId ?? 1001;
    const role = options.role ?? "write";
    f.github.installationToken().permission(login, role);
    // Nothing is done for a commenter who may not act: no 👀, no look at the pull request.
    if (role !== "read" && role !== "none")
      f.github
        .reaction(commentId)
        .pullRequest(
          7,
          { sha: headSha, ...(options.fork ? { repo: options.fork } : {}) },
          { sha: baseSha },
        );
    const payload: TestComment = { number: 7, body, login, commentId };
    await f.app.receive("issue_comment", issueCommentPayload(f.repository, payload));
  }

  describe("slash commands on a pull request", () => {
    it("/run starts the pipeline as defined at the PR head, with a queued check run and a run comment", async () => {
      f.github.queuedCheckRun("coxswain/run: train", headSha).commentsOn(7);
      await comment("/run train lr=0.01");
      f.github.done();
      const [run] = (await runs()) as ArgoObject[];
      const spec = run?.spec as {
        templates: Array<{ container?: { image: string } }>;
        arguments: { parameters: unknown[] };
      };
      expect(spec.templates[1]?.container?.image).toBe("python:3.13");
      expect(spec.arguments.parameters).toEqual([{ name: "lr", value: "0.01" }]);
      expect(run?.metadata.labels).toMatchObject({
        "coxswain.dev/commit": headSha,
        "coxswain.dev/pr": "7",
        "coxswain.dev/trigger": "comment",
      });
      expect(run?.metadata.annotations).toMatchObject({
        "coxswain.dev/check-run-id": "100",
        "coxswain.dev/pr-comment-id": "5000",
        "coxswain.dev/actor": "octocat",
      });
      expect(f.github.created[0]?.body).toMatchObject({
        external_id: run?.metadata.name,
        status: "queued",
      });
      expect(f.github.comments[0]?.body).toContain(`<!-- coxswain:run:${run?.metadata.name} -->`);
      expect(f.github.comments[0]?.body).toContain(`queued by @octocat at ${headSha.slice(0, 7)}`);
    });

    it("takes the trigger's default parameters and lets the command override them", async () => {
      f.github.queuedCheckRun("coxswain/run: train", headSha).commentsOn(7);
      await comment("/run train");
      const [run] = await runs();
      expect(specOf(run).arguments.parameters).toEqual([{ name: "lr", value: "0.2" }]);
    });

    it("starts nothing new for a redelivered comment", async () => {
      f.github.queuedCheckRun("coxswain/run: train", headSha).commentsOn(7);
      await comment("/run train");
      await comment("/run train");
      f.github.done();
      expect(await runs()).toHaveLength(1);
    });

    it("stops the older run of the same template when the trigger says cancelInProgress", async () => {
      f.github
        .queuedCheckRun("coxswain/run: train", headSha)
        .queuedCheckRun("coxswain/run: train", headSha)
        .commentsOn(7, 2);
      await comment("/run train", { commentId: 1 });
      await comment("/run train lr=0.3", { commentId: 2 });
      const all = await runs();
      expect(all).toHaveLength(2);
      const newer = all.find((run) => specOf(run).arguments.parameters[0]?.value === "0.3");
      const older = all.find((run) => run !== newer);
      expect(specOf(older).shutdown).toBe("Stop");
      expect(specOf(newer).shutdown).toBeUndefined();
    });

    it("refuses a user without write permission politely and starts nothing", async () => {
      f.github.commentsOn(7);
      await comment("/run train", { login: "visitor", role: "read" });
      f.github.done();
      expect(await runs()).toEqual([]);
      expect(f.github.comments.map((c) => c.body)).toEqual([
        "@visitor, coxswain's commands on acme/pipelines need at least write permission, and visitor has read; nothing was done. A maintainer can do it for them.",
      ]);
    });

    it("answers an unknown template and a bad parameter with the closest valid names", async () => {
      f.github.commentsOn(7);
      await comment("/run trian\n/run train lrr=1\n/rnu train");
      f.github.done();
      expect(await runs()).toEqual([]);
      expect(f.github.comments[0]?.body).toBe(
        [
          "`/rnu train`: unknown command /rnu; did you mean /run? (/help lists the commands)",
          "`/run trian`: there is no WorkflowTemplate trian; did you mean train? (defined: train)",
          "`/run train`: train has no parameter lrr; did you mean lr? (declared: lr)",
        ].join("\n\n"),
      );
    });

    it("quotes what the commenter typed as text: no HTML, no live mention", async () => {
      f.github.commentsOn(7);
      await comment("/stop <b>x</b>\n/rerun @acme/ml-team");
      f.github.done();
      expect(f.github.comments[0]?.body).toBe(
        [
          "`/stop`: there is no run \\<b\\>x\\</b\\> on this pull request",
          "`/rerun`: there is no run @&#8203;acme/ml-team on this pull request",
        ].join("\n\n"),
      );
    });

    it("runs nothing for a comment with more commands than the server policy allows, and says so", async () => {
      f.github.commentsOn(7);
      await comment(Array.from({ length: 2000 }, () => "/stop").join("\n"));
      f.github.done();
      expect(f.recorded.calls).toEqual([]);
      expect(f.github.comments.map((c) => c.body)).toEqual([
        "@octocat, this comment has 2000 commands; coxswain takes at most 10 in one comment, so none of them was run. Split them over several comments.",
      ]);
    });

    it("on a fork's pull request, runs only the commit the maintainer names", async () => {
      const head = headSha.slice(0, 7);
      f.github.commentsOn(7);
      await comment("/run train", { fork: "mallory/pipelines" });
      f.github.done();
      expect(await runs()).toEqual([]);
      expect(f.github.comments.at(-1)?.body).toBe(
        `\`/run train\`: this pull request comes from a fork, so coxswain runs its definitions only at a commit a maintainer names after reviewing it: \`/run train @${head}\` runs its head, ${head}.`,
      );
      f.github.queuedCheckRun("coxswain/run: train", headSha).commentsOn(7);
      await comment(`/run train @${head}`, { fork: "mallory/pipelines", commentId: 1002 });
      f.github.done();
      const [run] = await runs();
      expect(run?.metadata.labels?.["coxswain.dev/commit"]).toBe(headSha);
    });

    it("refuses a named commit once the head has moved on, naming the new head", async () => {
      const reviewed = headSha.slice(0, 7);
      headSha = await f.origin.commit(
        { "workflows/train.yaml": workflowTemplate("train", { image: "evil:latest" }) },
        "after review",
        "change",
      );
      await f.origin.pushPullRef(7, headSha);
      f.github.commentsOn(7);
      await comment(`/run train @${reviewed}`, { fork: "mallory/pipelines" });
      f.github.done();
      expect(await runs()).toEqual([]);
      expect(f.github.comments.at(-1)?.body).toBe(
        `\`/run train\`: ${reviewed} is not this pull request's head: its head is now ${headSha.slice(0, 7)}; nothing was started. Review what changed, then \`/run train @${headSha.slice(0, 7)}\`.`,
      );
    });

    it("ignores bots, comments on issues and comments without commands", async () => {
      for (const payload of [
        issueCommentPayload(f.repository, { number: 7, body: "/run train", senderType: "Bot" }),
        issueCommentPayload(f.repository, { number: 7, body: "/run train", onPullRequest: false }),
        issueCommentPayload(f.repository, { number: 7, body: "LGTM, thanks! /cc @team" }),
      ]) {
        await f.app.receive("issue_comment", payload);
      }
      f.github.done();
      expect(await runs()).toEqual([]);
    });

    it("/status lists the pull request's runs and /stop and /terminate stop the newest running one", async () => {
      f.github.queuedCheckRun("coxswain/run: train", headSha).commentsOn(7, 4);
      await comment("/run train", { commentId: 1 });
      const [run] = await runs();
      await comment("/status", { commentId: 2 });
      expect(f.github.comments[1]?.body).toContain(
        `| \`${run?.metadata.name}\` | train | ⏳ Pending |  | ${headSha.slice(0, 7)} | octocat |`,
      );
      await comment("/stop", { commentId: 3 });
      expect(f.github.comments[2]?.body).toBe(
        `\`${run?.metadata.name}\`: stopping it; its exit handler still runs.`,
      );
      expect(specOf((await runs())[0]).shutdown).toBe("Stop");
      await comment(`/terminate ${run?.metadata.name}`, { commentId: 4 });
      expect(specOf((await runs())[0]).shutdown).toBe("Terminate");
      f.github.done();
    });

    it("/help lists the commands", async () => {
      f.github.commentsOn(7);
      await comment("/help");
      f.github.done();
      expect(f.github.comments[0]?.body).toContain("`/run <template> [@commit] [name=value …]`");
    });

    it("/rerun starts the newest run again with the same template, parameters and commit", async () => {
      f.github
        .queuedCheckRun("coxswain/run: train", headSha)
        .queuedCheckRun("coxswain/run: train", headSha)
        .commentsOn(7, 3);
      await comment("/run train lr=0.05", { commentId: 1 });
      const [first] = await runs();
      await comment("/rerun", { commentId: 2 });
      f.github.done();
      const all = await runs();
      expect(all).toHaveLength(2);
      const again = all.find((run) => run.metadata.name !== first?.metadata.name);
      expect(specOf(again).arguments.parameters).toEqual(specOf(first).arguments.parameters);
      expect(again?.metadata.labels?.["coxswain.dev/commit"]).toBe(headSha);
      expect(f.github.comments[2]?.body).toBe(
        `\`${first?.metadata.name}\` started again as \`${again?.metadata.name}\`.`,
      );
    });

    it("/retry without an Argo server resubmits the whole pipeline and says so", async () => {
      f.github
        .queuedCheckRun("coxswain/run: train", headSha)
        .queuedCheckRun("coxswain/run: train", headSha)
        .commentsOn(7, 3);
      await comment("/run train", { commentId: 1 });
      const [first] = await runs();
      const run = await argoFor(f.cluster).load(f.namespace, first?.metadata.name ?? "");
      await run.start();
      await run.finishAs("Failed");
      await comment(`/retry ${first?.metadata.name}`, { commentId: 2 });
      f.github.done();
      expect(await runs()).toHaveLength(2);
      expect(f.github.comments[2]?.body).toContain(
        "No Argo server is configured, so this resubmits the whole pipeline",
      );
    });

    it("/rerun of a run that does not exist says so", async () => {
      f.github.commentsOn(7);
      await comment("/rerun train-00000000");
      f.github.done();
      expect(f.github.comments[0]?.body).toBe(
        "`/rerun`: there is no run train-00000000 on this pull request",
      );
    });

    it("Re-run on a run's check run starts the same run again", async () => {
      f.github
        .permission("octocat", "write")
        .queuedCheckRun("coxswain/run: train", headSha)
        .queuedCheckRun("coxswain/run: train", headSha)
        .commentsOn(7, 2);
      await comment("/run train lr=0.4", { commentId: 1 });
      const [first] = await runs();
      await f.app.receive(
        "check_run",
        checkRunRerequested(
          "coxswain/run: train",
          headSha,
          f.repository,
          [7],
          first?.metadata.name ?? "",
        ),
      );
      f.github.done();
      const all = await runs();
      expect(all).toHaveLength(2);
      const again = all.find((run) => run.metadata.name !== first?.metadata.name);
      expect(again?.metadata.labels).toMatchObject({
        "coxswain.dev/trigger": "check-rerun",
        "coxswain.dev/pr": "7",
      });
      expect(specOf(again).arguments.parameters).toEqual(specOf(first).arguments.parameters);
    });
  });
}
