// Scheduled pipelines by command on a pull request: /cron list, run-now, suspend and resume;
// a suspension survives the next sync, whether or not the CronWorkflow itself changed.
import { beforeEach, describe, expect, it } from "vitest";
import type { ClusterTarget } from "../support/cluster-target.ts";
import { cronWorkflow, workflowTemplate } from "../support/pipelines.ts";
import { eachSyncFixture, type SyncFixture } from "../support/sync-fixture.ts";
import { issueCommentPayload } from "../support/webhooks.ts";

// Runs on the loopback test API (test/github/) and on a real kube-apiserver (test/integration/),
// where server-side apply's field ownership is the real thing.
export function cronCommandsSuite(makeTarget: () => Promise<ClusterTarget>): void {
  let f: SyncFixture;
  let head: string;
  let base: string;
  let comments = 0;

  eachSyncFixture(makeTarget, (fixture) => {
    f = fixture;
  });
  beforeEach(async () => {
    ({ sha: base } = await f.pushAndSync({
      "workflows/train.yaml": workflowTemplate("train"),
      "workflows/nightly.yaml": cronWorkflow("nightly", "train"),
    }));
    await f.origin.branch("change");
    head = await f.origin.commit({ "notes.md": "x" }, "notes", "change");
    await f.origin.pushPullRef(7, head);
  });

  async function comment(body: string): Promise<string> {
    const commentId = ++comments;
    f.github
      .installationToken()
      .reaction(commentId)
      .pullRequest(7, { sha: head }, { sha: base })
      .permission("octocat", "write")
      .commentsOn(7);
    await f.app.receive(
      "issue_comment",
      issueCommentPayload(f.repository, { number: 7, body, commentId }),
    );
    f.github.done();
    return f.github.comments.at(-1)?.body ?? "";
  }

  const suspended = async () =>
    (
      (await f.cluster.get("cronworkflows", f.namespace, "nightly"))?.spec as
        | { suspend?: boolean }
        | undefined
    )?.suspend;

  describe("/cron on a pull request", () => {
    it("lists the repository's CronWorkflows", async () => {
      expect(await comment("/cron list")).toBe(
        "CronWorkflows of acme/pipelines:\n- `nightly`: `0 2 * * *`",
      );
    });

    it("suspends one so that the next syncs keep it suspended, and resumes it", async () => {
      expect(await comment("/cron suspend nightly")).toContain("`nightly` is suspended");
      expect(await suspended()).toBe(true);
      // A sync that leaves the CronWorkflow as it is: not even an update.
      const unrelated = await f.pushAndSync({
        "workflows/train.yaml": workflowTemplate("train", { image: "python:3.13" }),
      });
      expect(
        String(unrelated.check.output && (unrelated.check.output as { summary: string }).summary),
      ).not.toContain("nightly");
      expect(await suspended()).toBe(true);
      // A sync that changes it: applied, and still suspended.
      await f.pushAndSync({
        "workflows/nightly.yaml": cronWorkflow("nightly", "train").replace(
          "0 2 * * *",
          "0 3 * * *",
        ),
      });
      const cron = await f.cluster.get("cronworkflows", f.namespace, "nightly");
      expect((cron?.spec as { schedules?: string[] } | undefined)?.schedules).toEqual([
        "0 3 * * *",
      ]);
      expect(await suspended()).toBe(true);
      expect(await comment("/cron resume nightly")).toContain("`nightly` is resumed");
      expect(await suspended()).toBe(false);
    });

    it("runs one now from its workflowSpec, once per comment", async () => {
      const answer = await comment("/cron run-now nightly");
      const runs = await f.cluster.list("workflows", f.namespace);
      expect(runs).toHaveLength(1);
      const [run] = runs;
      expect(answer).toBe(`\`nightly\` started now as \`${run?.metadata.name}\`.`);
      expect(run?.metadata.labels).toMatchObject({
        "app.kubernetes.io/managed-by": "coxswain",
        "coxswain.dev/trigger": "cron",
        "coxswain.dev/template": "train",
        "workflows.argoproj.io/cron-workflow": "nightly",
      });
      expect(run?.spec).toEqual({ workflowTemplateRef: { name: "train" } });
    });

    it("names the CronWorkflows there are when asked for one that is not", async () => {
      expect(await comment("/cron suspend nightlly")).toBe(
        "`/cron suspend`: acme/pipelines has no CronWorkflow nightlly (it has: nightly)",
      );
    });
  });
}
