// The sync through GitHub webhooks, end to end, against a given Kubernetes API: run by the
// unit project on the loopback test API and by the integration project on a real kube-apiserver.
import { describe, expect, it } from "vitest";
import type { ArgoObject } from "../../app/cluster/argo-kinds.ts";
import { NamespaceDefinitionsCache } from "../../app/sync/namespace-definitions-cache.ts";
import type { ClusterTarget } from "../support/cluster-target.ts";
import { type LaggingWatch, laggingWatch } from "../support/lagging-watch.ts";
import { cronWorkflow, workflowTemplate } from "../support/pipelines.ts";
import { eachSyncFixture, type SyncFixture } from "../support/sync-fixture.ts";
import { checkRunRerequested, pushPayload } from "../support/webhooks.ts";

type Template = ArgoObject & {
  metadata: { resourceVersion: string; uid: string; labels: Record<string, string> };
  spec: { templates: Array<{ container?: { image: string } }> };
};
const names = (objects: ArgoObject[]) => objects.map((o) => o.metadata.name).sort();

export function syncSuite(makeTarget: () => Promise<ClusterTarget>): void {
  let f: SyncFixture;
  eachSyncFixture(makeTarget, (fixture) => {
    f = fixture;
  });

  const pushAndSync = (files: Record<string, string | null>) => f.pushAndSync(files);
  const templates = () => f.cluster.list("workflowtemplates", f.namespace);
  const template = async (name: string) =>
    (await f.cluster.get("workflowtemplates", f.namespace, name)) as Template | undefined;
  const until = async (condition: () => boolean) => {
    const deadline = Date.now() + 10_000;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error("timed out waiting for a watch event");
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  const imageOf = async (name: string) =>
    (await template(name))?.spec.templates[1]?.container?.image;

  describe("push to the default branch", () => {
    it("creates the pushed templates in the repository's namespace, labelled as coxswain's", async () => {
      const { sha, check } = await pushAndSync({
        "workflows/train.yaml": workflowTemplate("train"),
        "workflows/nightly.yaml": cronWorkflow("nightly", "train"),
      });
      const [train] = await templates();
      expect(train?.metadata).toMatchObject({
        name: "train",
        namespace: f.namespace,
        labels: {
          "app.kubernetes.io/managed-by": "coxswain",
          "coxswain.dev/repo": "acme.pipelines",
          "coxswain.dev/source-path": "workflows_train.yaml",
          "coxswain.dev/commit": sha,
        },
        annotations: {
          "coxswain.dev/repo-full-name": "acme/pipelines",
          "coxswain.dev/source-path": "workflows/train.yaml",
        },
      });
      expect(names(await f.cluster.list("cronworkflows", f.namespace))).toEqual(["nightly"]);
      expect(check).toMatchObject({
        status: "completed",
        conclusion: "success",
        output: { title: "2 created, 0 unchanged" },
      });
      expect((check.output as { summary: string }).summary).toContain(
        "| ➕ created | WorkflowTemplate | `train` | workflows/train.yaml |",
      );
    });

    it("updates only what changed and reports the rest unchanged", async () => {
      await pushAndSync({
        "workflows/a.yaml": workflowTemplate("a"),
        "workflows/b.yaml": workflowTemplate("b"),
      });
      const before = (await template("b"))?.metadata.resourceVersion;
      const seen = (await template("a"))?.metadata.resourceVersion;
      f.recorded.reset();
      const { check } = await pushAndSync({
        "workflows/a.yaml": workflowTemplate("a", { image: "python:3.13" }),
      });
      expect(await imageOf("a")).toBe("python:3.13");
      expect((await template("b"))?.metadata.resourceVersion).toBe(before);
      // Planned from the namespace's watched copy: applied only if "a" is still as seen.
      expect(f.recorded.writes()).toEqual([
        { method: "apply", kind: "WorkflowTemplate", name: "a", precondition: seen },
      ]);
      expect(check).toMatchObject({
        conclusion: "success",
        output: { title: "1 updated, 1 unchanged" },
      });
    });

    it("makes no write at all when nothing changed, and no list once the namespace is watched", async () => {
      await pushAndSync({ "workflows/a.yaml": workflowTemplate("a") });
      // The first sync lists each kind synced and watches it from there.
      expect(f.recorded.calls.map((c) => `${c.method} ${c.kind}`).sort()).toEqual([
        "apply WorkflowTemplate",
        "listPage CronWorkflow",
        "listPage WorkflowTemplate",
        "watch CronWorkflow",
        "watch WorkflowTemplate",
      ]);
      f.recorded.reset();
      const { check } = await pushAndSync({ "README.md": "docs only" });
      expect(f.recorded.calls).toEqual([]);
      expect(check).toMatchObject({ conclusion: "success", output: { title: "1 unchanged" } });
    });

    it("prunes a template deleted from Git and leaves unmanaged ones alone", async () => {
      await f.cluster.createForeign("workflowtemplates", f.namespace, {
        apiVersion: "argoproj.io/v1alpha1",
        kind: "WorkflowTemplate",
        metadata: { name: "hand-made" },
        spec: { templates: [{ name: "main", container: { image: "alpine" } }] },
      });
      await pushAndSync({
        "workflows/a.yaml": workflowTemplate("a"),
        "workflows/b.yaml": workflowTemplate("b"),
      });
      const uid = (await template("b"))?.metadata.uid;
      f.recorded.reset();
      const { check } = await pushAndSync({ "workflows/b.yaml": null });
      expect(names(await templates())).toEqual(["a", "hand-made"]);
      // Only the object the plan saw is deleted (not one made since under the same name).
      expect(f.recorded.writes()).toEqual([
        { method: "delete", kind: "WorkflowTemplate", name: "b", precondition: uid },
      ]);
      expect(check).toMatchObject({
        conclusion: "success",
        output: { title: "1 unchanged, 1 deleted" },
      });
    });

    it("applies nothing from a commit with a broken file and annotates the line", async () => {
      await pushAndSync({ "workflows/a.yaml": workflowTemplate("a") });
      const broken = workflowTemplate("b").replace(
        "          - name: train\n",
        "          - name: train: model\n",
      );
      const { check } = await pushAndSync({
        "workflows/a.yaml": workflowTemplate("a", { image: "python:3.13" }),
        "workflows/b.yaml": broken,
      });
      expect(names(await templates())).toEqual(["a"]);
      expect(await imageOf("a")).toBe("python:3.12");
      expect(check).toMatchObject({
        conclusion: "failure",
        output: {
          title: "1 problem in 1 file: nothing was applied",
          annotations: [
            expect.objectContaining({
              path: "workflows/b.yaml",
              start_line: 17,
              annotation_level: "failure",
              message: "YAML syntax error: bad indentation of a mapping entry",
            }),
          ],
        },
      });
    });

    it("refuses a schema error, a disallowed kind and a foreign namespace, each at its line", async () => {
      const typo = workflowTemplate("a").replace("      container:\n", "      contianer:\n");
      const foreign = workflowTemplate("b").replace(
        "  name: b\n",
        "  name: b\n  namespace: kube-system\n",
      );
      const run =
        "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  name: run\nspec:\n  entrypoint: main\n";
      const { check } = await pushAndSync({
        "workflows/a.yaml": typo,
        "workflows/b.yaml": foreign,
        "workflows/run.yaml": run,
      });
      expect(await templates()).toEqual([]);
      const annotations = (check.output as { annotations: Array<Record<string, unknown>> })
        .annotations;
      expect(annotations.map((a) => [a.path, a.start_line, a.message])).toEqual([
        [
          "workflows/a.yaml",
          21,
          'unknown field "contianer" in spec.templates[1]; did you mean "container"?',
        ],
        [
          "workflows/b.yaml",
          5,
          `metadata.namespace "kube-system" is not this repository's namespace "${f.namespace}"; leave it out and coxswain sets it`,
        ],
        [
          "workflows/run.yaml",
          2,
          "kind Workflow is not allowed here (allowed: WorkflowTemplate, CronWorkflow); Workflows are runs, started by a trigger or a /run command",
        ],
      ]);
    });

    it("refuses a definition that forges coxswain's identity in workflowMetadata and applies nothing", async () => {
      const forged = workflowTemplate("a").replace(
        "  entrypoint: main\n",
        "  entrypoint: main\n  workflowMetadata:\n    labels:\n      coxswain.dev/repo: acme.other\n",
      );
      const { check } = await pushAndSync({
        "workflows/a.yaml": forged,
        "workflows/b.yaml": workflowTemplate("b"),
      });
      expect(await templates()).toEqual([]);
      expect(f.recorded.writes()).toEqual([]);
      expect(check).toMatchObject({
        conclusion: "failure",
        output: {
          title: "1 problem in 1 file: nothing was applied",
          annotations: [
            expect.objectContaining({
              path: "workflows/a.yaml",
              start_line: 9,
              annotation_level: "failure",
              message:
                'label "coxswain.dev/repo" in spec.workflowMetadata.labels is reserved for coxswain: Argo copies workflowMetadata onto every run, over the identity coxswain gives the run; remove it',
            }),
          ],
        },
      });
    });

    it("refuses a privileged container at its line and applies nothing", async () => {
      const privileged = workflowTemplate("a", {
        extra: "        securityContext:\n          privileged: true\n",
      });
      const { check } = await pushAndSync({
        "workflows/a.yaml": privileged,
        "workflows/b.yaml": workflowTemplate("b"),
      });
      expect(await templates()).toEqual([]);
      expect(f.recorded.writes()).toEqual([]);
      expect(check).toMatchObject({
        conclusion: "failure",
        output: {
          title: "1 problem in 1 file: nothing was applied",
          annotations: [
            expect.objectContaining({
              path: "workflows/a.yaml",
              start_line: 25,
              annotation_level: "failure",
              message:
                "baseline pod security (server policy) forbids privileged containers: spec.templates[1].container.securityContext.privileged is true; remove it or set it to false",
            }),
          ],
        },
      });
    });

    it("refuses hostile YAML (an alias bomb) and applies nothing", async () => {
      const levels = ["a: &a [x, x, x, x, x, x, x, x, x]"];
      for (let i = 1; i < 9; i++) {
        const [prev, name] = [String.fromCharCode(96 + i), String.fromCharCode(97 + i)];
        levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(",")}]`);
      }
      const { check } = await pushAndSync({ "workflows/bomb.yaml": `${levels.join("\n")}\n` });
      expect(await templates()).toEqual([]);
      expect(check).toMatchObject({ conclusion: "failure" });
    });

    it("does nothing for a redelivered push that already has its check run", async () => {
      const { sha } = await pushAndSync({ "workflows/a.yaml": workflowTemplate("a") });
      f.recorded.reset();
      f.github.existingCheckRuns(sha, "coxswain/sync", 1);
      await f.app.receive("push", pushPayload(f.repository, sha));
      f.github.done();
      expect(f.recorded.calls).toEqual([]);
    });

    it("lets the newest of two quick pushes win", async () => {
      const first = await f.origin.commit({ "workflows/a.yaml": workflowTemplate("a") });
      const second = await f.origin.commit({
        "workflows/a.yaml": workflowTemplate("a", { image: "python:3.13" }),
      });
      f.github
        .installationToken()
        .existingCheckRuns(first, "coxswain/sync")
        .existingCheckRuns(second, "coxswain/sync")
        .checkRun("coxswain/sync", first)
        .checkRun("coxswain/sync", second);
      await Promise.all([
        f.app.receive("push", pushPayload(f.repository, first)),
        f.app.receive("push", pushPayload(f.repository, second)),
      ]);
      f.github.done();
      expect(await imageOf("a")).toBe("python:3.13");
      expect((await template("a"))?.metadata.labels["coxswain.dev/commit"]).toBe(second);
      expect(f.github.completion("coxswain/sync", first)).toMatchObject({
        conclusion: "skipped",
        output: { title: `Superseded by ${second.slice(0, 7)}` },
      });
      expect(f.github.completion("coxswain/sync", second)).toMatchObject({ conclusion: "success" });
    });

    it("ignores pushes to other branches and repositories the policy does not allow", async () => {
      const sha = await f.origin.commit({ "workflows/a.yaml": workflowTemplate("a") });
      await f.app.receive("push", { ...pushPayload(f.repository, sha), ref: "refs/heads/feature" });
      await f.app.receive("push", pushPayload({ ...f.repository, fullName: "other/repo" }, sha));
      expect(await templates()).toEqual([]);
      f.github.done();
    });
  });

  describe("Re-run on a coxswain check run", () => {
    it("syncs the commit again as a new check run", async () => {
      const { sha } = await pushAndSync({ "workflows/a.yaml": workflowTemplate("a") });
      await f.cluster.deleteForeign("workflowtemplates", f.namespace, "a");
      f.recorded.reset();
      f.github.checkRun("coxswain/sync", sha);
      await f.app.receive("check_run", checkRunRerequested("coxswain/sync", sha, f.repository));
      f.github.done();
      expect(names(await templates())).toEqual(["a"]);
      expect(f.github.created.filter(({ body }) => body.head_sha === sha)).toHaveLength(2);
    });

    it("reads the namespace from the cluster, not from its watch, which may not have caught up", async () => {
      const { sha } = await pushAndSync({ "workflows/a.yaml": workflowTemplate("a") });
      await f.cluster.patchForeign("workflowtemplates", f.namespace, "a", {
        spec: { entrypoint: "edited" },
      });
      f.recorded.reset();
      f.github.checkRun("coxswain/sync", sha);
      await f.app.receive("check_run", checkRunRerequested("coxswain/sync", sha, f.repository));
      f.github.done();
      expect((await template("a"))?.spec).toMatchObject({ entrypoint: "main" });
      expect(f.recorded.calls.filter((call) => call.method === "list").map((c) => c.kind)).toEqual([
        "WorkflowTemplate",
        "CronWorkflow",
      ]);
      expect(f.recorded.writes()).toEqual([
        { method: "apply", kind: "WorkflowTemplate", name: "a" },
      ]);
    });
  });

  describe("a push planned from the namespace's watched copy, when the watch lags", () => {
    /**
     * The app's cache of the namespace, on a watch whose events the test holds back from the
     * moment the first sync's own events have arrived.
     */
    async function laggingCopy(): Promise<LaggingWatch> {
      const lag = laggingWatch(f.deps.cluster);
      f.deps.namespaceCache?.close();
      f.deps.namespaceCache = new NamespaceDefinitionsCache(lag.cluster);
      await pushAndSync({ "workflows/train.yaml": workflowTemplate("train") });
      await until(() => lag.seen.some((event) => event.name === "train"));
      lag.hold();
      return lag;
    }

    it("applies nothing over a change it has not seen: planned again from a fresh list, then applied", async () => {
      await laggingCopy();
      const seen = (await template("train"))?.metadata.resourceVersion;
      await f.cluster.patchForeign("workflowtemplates", f.namespace, "train", {
        metadata: { labels: { team: "vision" } },
      });
      f.recorded.reset();
      const { check } = await pushAndSync({
        "workflows/train.yaml": workflowTemplate("train", { image: "python:3.13" }),
      });
      expect(await imageOf("train")).toBe("python:3.13");
      expect(f.recorded.writes()).toEqual([
        { method: "apply", kind: "WorkflowTemplate", name: "train", precondition: seen },
        { method: "apply", kind: "WorkflowTemplate", name: "train" },
      ]);
      expect(f.recorded.calls.filter((call) => call.method === "list").map((c) => c.kind)).toEqual([
        "WorkflowTemplate",
        "CronWorkflow",
      ]);
      expect(check).toMatchObject({
        conclusion: "success",
        output: { title: "1 updated, 0 unchanged" },
      });
    });

    it("never creates over an object someone just made: the fresh list finds it and the sync refuses", async () => {
      await laggingCopy();
      await f.cluster.createForeign("workflowtemplates", f.namespace, {
        apiVersion: "argoproj.io/v1alpha1",
        kind: "WorkflowTemplate",
        metadata: { name: "eval" },
        spec: { templates: [{ name: "main", container: { image: "alpine" } }] },
      });
      f.recorded.reset();
      const { check } = await pushAndSync({
        "workflows/train.yaml": workflowTemplate("train"),
        "workflows/eval.yaml": workflowTemplate("eval"),
      });
      expect(f.recorded.writes()).toEqual([]);
      expect((await template("eval"))?.metadata.labels).toBeUndefined();
      expect(check).toMatchObject({ conclusion: "failure" });
      expect(JSON.stringify(check)).toContain(
        `WorkflowTemplate \\"eval\\" already exists in namespace ${f.namespace} and is not managed by coxswain`,
      );
    });

    it("applies a revert pushed right after a change, before the watch reports the change", async () => {
      await laggingCopy();
      await pushAndSync({
        "workflows/train.yaml": workflowTemplate("train", { image: "python:3.13" }),
      });
      const { check } = await pushAndSync({ "workflows/train.yaml": workflowTemplate("train") });
      expect(await imageOf("train")).toBe("python:3.12");
      expect(check).toMatchObject({
        conclusion: "success",
        output: { title: "1 updated, 0 unchanged" },
      });
    });
  });

  describe("a repository config that extends a shared one", () => {
    it("reads the shared config from GitHub and syncs the folders it names", async () => {
      f.github.scope
        .get(/^\/repos\/acme\/\.github\/contents\/\.github(%2F|\/)coxswain\.yml/)
        .reply(200, {
          type: "file",
          encoding: "base64",
          content: Buffer.from("definitions:\n  paths: [pipelines]\n").toString("base64"),
        });
      const { check } = await pushAndSync({
        ".github/coxswain.yml": "_extends: .github\n",
        "pipelines/train.yaml": workflowTemplate("train"),
        "workflows/ignored.yaml": workflowTemplate("ignored"),
      });
      expect(check).toMatchObject({ conclusion: "success" });
      expect(names(await templates())).toEqual(["train"]);
    });
  });
}
