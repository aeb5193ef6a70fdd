import { beforeEach, describe, expect, it } from "vitest";
import type { ClusterTarget } from "../support/cluster-target.ts";
import { workflowTemplate } from "../support/pipelines.ts";
import { eachSyncFixture, type SyncFixture } from "../support/sync-fixture.ts";
import { pushPayload } from "../support/webhooks.ts";

// Runs on the loopback test API (test/github/) and on a real kube-apiserver (test/integration/).
export function mergeTriggerSuite(makeTarget: () => Promise<ClusterTarget>): void {
  let f: SyncFixture;

  eachSyncFixture(makeTarget, (fixture) => {
    f = fixture;
  });
  beforeEach(async () => {
    // The setup push changes only the config and the template: no run yet.
    const setup = await f.pushAndSync({
      ".github/coxswain.yml":
        'triggers:\n  - on: merge\n    template: recommender\n    paths: ["models/recommender/**"]\n    parameters: {lr: "0.3"}\n',
      "workflows/recommender.yaml": workflowTemplate("recommender"),
    });
    expect(setup.check).toMatchObject({ conclusion: "success" });
    expect(await runs()).toEqual([]);
  });

  const runs = () => f.cluster.list("workflows", f.namespace);

  describe("the merge trigger", () => {
    it("starts a run after the sync when a changed file matches its paths", async () => {
      const { sha, check } = await f.pushAndSync(
        { "models/recommender/features.py": "x = 1\n" },
        (sha) => f.github.queuedCheckRun("coxswain/run: recommender", sha),
      );
      f.github.done();
      const [run] = await runs();
      expect(run?.metadata.labels).toMatchObject({
        "coxswain.dev/trigger": "merge",
        "coxswain.dev/commit": sha,
        "coxswain.dev/template": "recommender",
      });
      expect(
        (run?.spec as { arguments?: { parameters: unknown[] } } | undefined)?.arguments?.parameters,
      ).toEqual([{ name: "lr", value: "0.3" }]);
      expect(run?.metadata.annotations?.["coxswain.dev/check-run-id"]).toBeDefined();
      expect((check.output as { summary: string }).summary).toContain(
        `🚀 Started \`${run?.metadata.name}\` (\`recommender\`, merge trigger).`,
      );
    });

    it("starts nothing when no changed file matches its paths", async () => {
      await f.pushAndSync({ "docs/readme.md": "docs\n" });
      f.github.done();
      expect(await runs()).toEqual([]);
    });

    it("asks Git what changed when the push payload does not list the files", async () => {
      const before = await f.origin.headOf("main");
      const sha = await f.origin.commit(
        { "models/recommender/model.py": "y = 2\n" },
        "model",
        "main",
      );
      f.github
        .existingCheckRuns(sha, "coxswain/sync")
        .checkRun("coxswain/sync", sha)
        .queuedCheckRun("coxswain/run: recommender", sha);
      await f.app.receive("push", pushPayload(f.repository, sha, before));
      f.github.done();
      expect((await runs()).map((run) => run.metadata.labels?.["coxswain.dev/commit"])).toEqual([
        sha,
      ]);
    });

    it("keeps a successful sync successful when GitHub fails to show the started run", async () => {
      const { check } = await f.pushAndSync({ "models/recommender/features.py": "x = 3\n" }, () =>
        f.github.scope
          .post(
            "/repos/acme/pipelines/check-runs",
            (body) => body.name === "coxswain/run: recommender",
          )
          .reply(502, { message: "Server Error" }),
      );
      f.github.done();
      expect(check).toMatchObject({ conclusion: "success" });
      expect((check.output as { summary: string }).summary).toContain("⚠️ Merge triggers failed");
      expect(await runs()).toHaveLength(1);
    });
  });
}
