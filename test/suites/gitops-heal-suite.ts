// GitOps that heals, end to end against a given Kubernetes API (the loopback test API, or a
// real kube-apiserver): the App installed → synced; a change made outside Git put back (or only
// reported) and a deleted object re-created; a push whose webhook was lost caught by the
// periodic pass; a pass that finds nothing costs no write; repositories removed kept or pruned;
// a rename keeps the objects; a closed pull request's runs stopped.
import { webApi } from "@slack/bolt";
import { afterEach, describe, expect, it } from "vitest";
import type { ArgoObject } from "../../app/cluster/argo-kinds.ts";
import { syncRunner } from "../../app/github/sync-runner.ts";
import { createMetrics } from "../../app/metrics/metrics.ts";
import { leaderDuties, type ReportingPruningRepair } from "../../app/server/leader-duties.ts";
import type { ClusterTarget } from "../support/cluster-target.ts";
import { GitHubMock } from "../support/github-mock.ts";
import { cronWorkflow, workflowTemplate } from "../support/pipelines.ts";
import { signedPullRequestRun } from "../support/signed-run.ts";
import { SlackMock, slackApiUrl } from "../support/slack-mock.ts";
import { eachSyncFixture, type FixtureOptions, type SyncFixture } from "../support/sync-fixture.ts";
import {
  installationPayload,
  installationRepositoriesPayload,
  pullRequestClosedPayload,
  pushPayload,
  repositoryRenamedPayload,
} from "../support/webhooks.ts";

type Template = ArgoObject & {
  metadata: { uid: string; labels: Record<string, string>; annotations: Record<string, string> };
  spec: { templates: Array<{ name: string; container?: { image: string } }> };
};

const train = workflowTemplate("train");
const gitImage = "python:3.12";

async function until(what: string, condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function gitopsHealSuite(makeTarget: () => Promise<ClusterTarget>): void {
  /** One fixture per test, with the policy the describe block asks for. */
  function fixture(options: FixtureOptions = {}): () => SyncFixture {
    let f: SyncFixture | undefined;
    eachSyncFixture(
      makeTarget,
      (made) => {
        f = made;
      },
      options,
    );
    return () => {
      if (!f) throw new Error("no fixture");
      return f;
    };
  }

  let work: ReportingPruningRepair | undefined;
  afterEach(async () => {
    await work?.stop();
    work = undefined;
  });

  /** The leader's work with the reconciler, whose passes the test runs itself. */
  async function leader(f: SyncFixture, slack?: SlackMock) {
    f.deps.metrics = createMetrics();
    work = leaderDuties(f.app.probot, f.deps, {
      intervalMs: 0,
      prune: false,
      repair: false,
      sync: syncRunner(f.deps),
      reconcile: { firstPassAfterMs: 3_600_000, everyMs: 3_600_000, debounceMs: 100 },
      ...(slack
        ? {
            slack: new webApi.WebClient("xoxb-test", {
              slackApiUrl,
              retryConfig: { retries: 0 },
            }),
          }
        : {}),
    });
    await work.start();
    const reconciler = work.reconciler;
    if (!reconciler) throw new Error("no reconciler");
    return reconciler;
  }

  const repositoryId = (f: SyncFixture) =>
    (pushPayload(f.repository, "0".repeat(40)).repository as { id: number }).id;
  const served = (f: SyncFixture) => ({
    id: repositoryId(f),
    fullName: f.repository.fullName,
    cloneUrl: f.repository.cloneUrl,
  });
  const template = async (f: SyncFixture, name = "train") =>
    (await f.cluster.get("workflowtemplates", f.namespace, name)) as Template | undefined;
  const imageOf = async (f: SyncFixture) =>
    (await template(f))?.spec.templates[1]?.container?.image;
  const counter = async (f: SyncFixture, name: string) =>
    (await f.deps.metrics?.registry.getSingleMetric(name)?.get())?.values.map((v) => [
      v.labels,
      v.value,
    ]);
  /** The reverts are counted after they are applied: wait for the count, not only the object. */
  const counted = (f: SyncFixture) =>
    until("the drift counted", async () =>
      Boolean((await counter(f, "coxswain_drift_total"))?.length),
    );
  const imagePatch = (f: SyncFixture) =>
    f.cluster.patchForeign("workflowtemplates", f.namespace, "train", {
      spec: {
        templates: [
          { name: "main", steps: [[{ name: "run", template: "run" }]] },
          { name: "run", container: { image: "python:3.13-hotfix", command: ["python"] } },
        ],
      },
    });

  describe("installing the App", () => {
    const f = fixture();

    it("syncs each allowed repository's default branch at once, with a coxswain/sync check run", async () => {
      const sha = await f().origin.commit({ "workflows/train.yaml": train }, "pipelines", "main");
      f()
        .github.installationToken()
        .repository(f().repository.cloneUrl, "main", repositoryId(f()))
        .checkRun("coxswain/sync", sha);
      await f().app.receive(
        "installation",
        installationPayload("created", [
          { id: repositoryId(f()), fullName: f().repository.fullName },
          { id: 99, fullName: "elsewhere/not-in-the-policy" },
        ]),
      );
      f().github.done();
      const synced = await template(f());
      expect(synced?.metadata.labels).toMatchObject({
        "coxswain.dev/repo-id": String(repositoryId(f())),
        "coxswain.dev/commit": sha,
      });
      const check = f().github.completion("coxswain/sync", sha);
      expect(check).toMatchObject({ conclusion: "success" });
      expect((check.output as { summary: string }).summary).toMatch(
        /^Synced when the App was installed on this repository\./,
      );
    });

    it("syncs a repository added to the installation, and starts no merge run", async () => {
      const sha = await f().origin.commit(
        {
          ".github/coxswain.yml": "triggers:\n  - on: merge\n    template: train\n",
          "workflows/train.yaml": train,
        },
        "pipelines",
        "main",
      );
      f()
        .github.installationToken()
        .repository(f().repository.cloneUrl, "main", repositoryId(f()))
        .checkRun("coxswain/sync", sha);
      await f().app.receive(
        "installation_repositories",
        installationRepositoriesPayload("added", [
          { id: repositoryId(f()), fullName: f().repository.fullName },
        ]),
      );
      f().github.done();
      expect(await template(f())).toBeDefined();
      expect(await f().cluster.list("workflows", f().namespace)).toEqual([]);
    });
  });

  describe("drift, with the default drift: revert", () => {
    const f = fixture();

    it("puts back within seconds a change another field manager made, and says who in Slack", async () => {
      const slack = new SlackMock(["C0RUNS"]);
      const { sha } = await f().pushAndSync({
        ".github/coxswain.yml": "notifications:\n  slack:\n    channel: C0RUNS\n",
        "workflows/train.yaml": train,
      });
      f().github.installationListing([served(f())]);
      const reconciler = await leader(f(), slack);
      expect((await reconciler.pass()).outcomes).toEqual({ "acme/pipelines": "in-sync" });
      f().github.syncChecksOf(sha, "completed");
      await imagePatch(f());
      // No pass: the definition watch sees the edit and reconciles the repository.
      await until("the template put back", async () => (await imageOf(f())) === gitImage);
      await counted(f());
      f().github.done();
      expect(await counter(f(), "coxswain_drift_total")).toEqual([
        [{ change: "changed", action: "reverted" }, 1],
      ]);
      await until("the drift posted", async () => slack.posts.length === 1);
      expect(slack.posts[0]?.channel).toBe("C0RUNS");
      expect(slack.posts[0]?.text).toContain(
        "♻️ Drift in `" +
          f().namespace +
          "`: 1 synced object of acme/pipelines changed outside Git, put back from `" +
          sha.slice(0, 7) +
          "`.",
      );
      expect(slack.posts[0]?.text).toContain(
        "• WorkflowTemplate `train` was changed by kubectl-edit: spec.templates",
      );
      slack.violations.assertNone();
    });

    it("re-creates a managed object someone deleted", async () => {
      const { sha } = await f().pushAndSync({
        "workflows/train.yaml": train,
        "workflows/nightly.yaml": cronWorkflow("nightly", "train"),
      });
      f()
        .github.installationListing([served(f())])
        .syncChecksOf(sha, "completed");
      const reconciler = await leader(f());
      await reconciler.pass();
      await f().cluster.deleteForeign("cronworkflows", f().namespace, "nightly");
      // No pass: the definition watch sees the deletion.
      await until("the CronWorkflow re-created", async () =>
        Boolean(await f().cluster.get("cronworkflows", f().namespace, "nightly")),
      );
      await counted(f());
      f().github.done();
      expect(await counter(f(), "coxswain_drift_total")).toEqual([
        [{ change: "deleted", action: "reverted" }, 1],
      ]);
    });
    it("puts back coxswain's labels when someone removes them", async () => {
      const { sha } = await f().pushAndSync({ "workflows/train.yaml": train });
      f()
        .github.installationListing([served(f())])
        .syncChecksOf(sha, "completed");
      const reconciler = await leader(f());
      await reconciler.pass();
      await f().cluster.patchForeign("workflowtemplates", f().namespace, "train", {
        metadata: {
          labels: { "app.kubernetes.io/managed-by": null, "coxswain.dev/repo": null },
        },
      });
      await until("the labels put back", async () =>
        Boolean(
          (await template(f()))?.metadata.labels["app.kubernetes.io/managed-by"] === "coxswain",
        ),
      );
      await counted(f());
      f().github.done();
      expect((await template(f()))?.metadata.labels["coxswain.dev/repo"]).toBe("acme.pipelines");
      expect(await counter(f(), "coxswain_drift_total")).toEqual([
        [{ change: "changed", action: "reverted" }, 1],
      ]);
    });
  });

  describe("drift, with drift: report", () => {
    const f = fixture({ policyYaml: "    drift: report\n" });

    it("leaves the change in place and reports it once, however many passes find it", async () => {
      const { sha } = await f().pushAndSync({ "workflows/train.yaml": train });
      f().github.installationListing([served(f())], 3);
      const reconciler = await leader(f());
      await reconciler.pass();
      await imagePatch(f());
      // The watch's reconcile and two more passes each ask whether the head was synced.
      f().github.syncChecksOf(sha, "completed", 3);
      await until("the drift seen", async () =>
        Boolean((await counter(f(), "coxswain_drift_total"))?.length),
      );
      await reconciler.pass();
      expect((await reconciler.pass()).outcomes).toEqual({ "acme/pipelines": "drift" });
      expect(await imageOf(f())).toBe("python:3.13-hotfix");
      expect(await counter(f(), "coxswain_drift_total")).toEqual([
        [{ change: "changed", action: "reported" }, 1],
      ]);
    });
  });

  describe("the periodic pass", () => {
    const f = fixture();

    it("syncs a commit whose push never reached coxswain, with its check run and no merge run", async () => {
      await f().pushAndSync({ "workflows/train.yaml": train });
      const missed = await f().origin.commit(
        {
          ".github/coxswain.yml": "triggers:\n  - on: merge\n    template: train\n",
          "workflows/train.yaml": workflowTemplate("train", { image: "python:3.13" }),
        },
        "pushed while the webhook was down",
        "main",
      );
      f()
        .github.installationListing([served(f())])
        .syncChecksOf(missed, "none")
        .checkRun("coxswain/sync", missed);
      const reconciler = await leader(f());
      expect((await reconciler.pass()).outcomes).toEqual({ "acme/pipelines": "caught-up" });
      f().github.done();
      expect(await imageOf(f())).toBe("python:3.13");
      expect(
        (f().github.completion("coxswain/sync", missed).output as { summary: string }).summary,
      ).toMatch(/^Synced by coxswain's periodic reconcile/);
      expect(await f().cluster.list("workflows", f().namespace)).toEqual([]);
    });

    it("makes no cluster write and no GitHub request but the listing (answered 304) when nothing changed", async () => {
      await f().pushAndSync({
        "workflows/train.yaml": train,
        "workflows/nightly.yaml": cronWorkflow("nightly", "train"),
      });
      f().github.installationListing([served(f())], 2);
      const reconciler = await leader(f());
      f().recorded.reset();
      await reconciler.pass();
      await reconciler.pass();
      f().github.done();
      expect(f().recorded.writes()).toEqual([]);
      expect(f().github.listings).toEqual([
        { path: "/app/installations", status: 200 },
        { path: "/installation/repositories", status: 200 },
        { path: "/app/installations", status: 304 },
        { path: "/installation/repositories", status: 304 },
      ]);
    });
  });

  describe("removal, with the default onRemove: keep", () => {
    const f = fixture();

    it("keeps the objects of a repository removed from the installation", async () => {
      await f().pushAndSync({ "workflows/train.yaml": train });
      f().deps.metrics = createMetrics();
      await f().app.receive(
        "installation_repositories",
        installationRepositoriesPayload("removed", [
          { id: repositoryId(f()), fullName: f().repository.fullName },
        ]),
      );
      expect(await template(f())).toBeDefined();
      expect(await counter(f(), "coxswain_repository_removals_total")).toEqual([
        [{ action: "kept" }, 1],
      ]);
    });
  });

  describe("removal, with onRemove: prune", () => {
    const f = fixture({ policyYaml: "onRemove: prune\n" });
    const others = async (f: SyncFixture) => {
      // Someone else's template, and one coxswain synced for another repository.
      await f.cluster.createForeign("workflowtemplates", f.namespace, {
        apiVersion: "argoproj.io/v1alpha1",
        kind: "WorkflowTemplate",
        metadata: { name: "theirs" },
        spec: {
          entrypoint: "main",
          templates: [{ name: "main", container: { image: "busybox" } }],
        },
      } as ArgoObject);
      await f.cluster.createForeign("workflowtemplates", f.namespace, {
        apiVersion: "argoproj.io/v1alpha1",
        kind: "WorkflowTemplate",
        metadata: {
          name: "other-repo",
          labels: {
            "app.kubernetes.io/managed-by": "coxswain",
            "coxswain.dev/repo": "acme.other",
            "coxswain.dev/repo-id": "4242",
          },
          annotations: { "coxswain.dev/repo-full-name": "acme/other" },
        },
        spec: {
          entrypoint: "main",
          templates: [{ name: "main", container: { image: "busybox" } }],
        },
      } as ArgoObject);
    };
    const names = async (f: SyncFixture) =>
      [
        ...(await f.cluster.list("cronworkflows", f.namespace)).map(
          (o) => `cron/${o.metadata.name}`,
        ),
        ...(await f.cluster.list("workflowtemplates", f.namespace)).map((o) => o.metadata.name),
      ].sort();

    it("deletes only the removed repository's objects when the App is uninstalled", async () => {
      await f().pushAndSync({
        "workflows/train.yaml": train,
        "workflows/nightly.yaml": cronWorkflow("nightly", "train"),
      });
      await others(f());
      await f().app.receive(
        "installation",
        installationPayload("deleted", [
          { id: repositoryId(f()), fullName: f().repository.fullName },
        ]),
      );
      expect(await names(f())).toEqual(["other-repo", "theirs"]);
    });

    it("deletes the objects of every repository no installation lists any more, at the next pass", async () => {
      await f().pushAndSync({ "workflows/train.yaml": train });
      await others(f());
      f().github.installationListing([]);
      const reconciler = await leader(f());
      expect((await reconciler.pass()).unserved).toEqual({
        "acme/pipelines": "pruned",
        "acme/other": "pruned",
      });
      f().github.done();
      expect(await names(f())).toEqual(["theirs"]);
    });
  });

  describe("a renamed repository", () => {
    const f = fixture({
      policyYaml: (namespace) => `  - match: acme/pipelines-v2\n    namespace: ${namespace}\n`,
    });

    it("keeps its objects: found by the repository's id, relabelled with the new name", async () => {
      await f().pushAndSync({ "workflows/train.yaml": train });
      const before = await template(f());
      const head = await f().origin.headOf("main");
      const renamed = new GitHubMock("acme/pipelines-v2");
      renamed
        .repository(f().repository.cloneUrl, "main", repositoryId(f()))
        .checkRun("coxswain/sync", head);
      await f().app.receive(
        "repository",
        repositoryRenamedPayload(
          { ...f().repository, fullName: "acme/pipelines-v2", id: repositoryId(f()) },
          "pipelines",
        ),
      );
      renamed.done();
      expect(renamed.completion("coxswain/sync", head)).toMatchObject({ conclusion: "success" });
      const after = await template(f());
      expect(after?.metadata.uid).toBe(before?.metadata.uid);
      expect(after?.metadata.labels["coxswain.dev/repo"]).toBe("acme.pipelines-v2");
      expect(after?.metadata.annotations["coxswain.dev/repo-full-name"]).toBe("acme/pipelines-v2");
      expect((await f().cluster.list("workflowtemplates", f().namespace)).length).toBe(1);
    });
  });

  describe("a closed pull request", () => {
    const f = fixture();
    const run = (f: SyncFixture, name: string, pr: number, phase: string) =>
      signedPullRequestRun(f.namespace, {
        name,
        pr,
        labels: { "coxswain.dev/repo": "acme.pipelines", "coxswain.dev/trigger": "comment" },
        status: { phase },
      });
    const shutdownOf = async (f: SyncFixture, name: string) =>
      (
        (await f.cluster.get("workflows", f.namespace, name))?.spec as
          | { shutdown?: string }
          | undefined
      )?.shutdown;

    it("has its running runs stopped, and says which on the pull request", async () => {
      await f().pushAndSync({ "workflows/train.yaml": train });
      for (const [name, pr, phase] of [
        ["train-running", 7, "Running"],
        ["train-done", 7, "Succeeded"],
        ["train-other-pr", 8, "Running"],
      ] as const)
        await f().cluster.createForeign("workflows", f().namespace, run(f(), name, pr, phase));
      f().github.commentsOn(7);
      await f().app.receive("pull_request", pullRequestClosedPayload(f().repository, 7, true));
      f().github.done();
      expect(await shutdownOf(f(), "train-running")).toBe("Stop");
      expect(await shutdownOf(f(), "train-done")).toBeUndefined();
      expect(await shutdownOf(f(), "train-other-pr")).toBeUndefined();
      expect(f().github.comments[0]?.body).toBe(
        "🛑 This pull request was merged, so coxswain stopped its running runs (their exit handlers still run):\n- `train-running`\nTo let runs finish after a pull request closes, set `runs.stopOnClose: false` in the default branch's `.github/coxswain.yml`.",
      );
    });

    it("leaves them running when the default branch says runs.stopOnClose: false", async () => {
      await f().pushAndSync({
        ".github/coxswain.yml": "runs:\n  stopOnClose: false\n",
        "workflows/train.yaml": train,
      });
      await f().cluster.createForeign(
        "workflows",
        f().namespace,
        run(f(), "train-running", 7, "Running"),
      );
      await f().app.receive("pull_request", pullRequestClosedPayload(f().repository, 7, false));
      f().github.done();
      expect(await shutdownOf(f(), "train-running")).toBeUndefined();
    });
  });
}
