import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { argoClusterFor } from "../../app/cluster/argo-cluster.ts";
import type { ArgoObject } from "../../app/cluster/argo-kinds.ts";
import { serverRetentionSchema } from "../../app/config/retention-config.ts";
import { pruneRuns } from "../../app/prune/prune-runs.ts";
import type { ClusterTarget } from "../support/cluster-target.ts";

// Runs on the loopback test API (test/prune/) and on a real kube-apiserver (test/integration/).
export function pruneSuite(makeTarget: () => Promise<ClusterTarget>): void {
  let target: ClusterTarget;
  let namespace: string;
  const now = Date.parse("2026-11-23T12:00:00Z");
  const defaults = serverRetentionSchema.parse({ keepLast: 3, maxAge: "7d" });

  beforeAll(async () => {
    target = await makeTarget();
  });
  afterAll(() => target.close());
  beforeEach(async () => {
    namespace = await target.namespace("prune");
  });

  const hoursAgo = (hours: number) => new Date(now - hours * 3_600_000).toISOString();

  /** A run as Argo leaves it; `finished` hours ago, or still running when undefined. */
  async function run(
    name: string,
    template: string,
    finished: number | undefined,
    options: { managed?: boolean; phase?: string; repo?: string } = {},
  ) {
    const labels: Record<string, string> = {
      "coxswain.dev/repo": options.repo ?? "acme.pipelines",
      "coxswain.dev/template": template,
      ...(options.managed === false ? {} : { "app.kubernetes.io/managed-by": "coxswain" }),
      ...(finished !== undefined
        ? {
            "workflows.argoproj.io/completed": "true",
            "workflows.argoproj.io/phase": options.phase ?? "Succeeded",
          }
        : { "workflows.argoproj.io/completed": "false", "workflows.argoproj.io/phase": "Running" }),
    };
    const object: ArgoObject = {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Workflow",
      metadata: { name, labels, annotations: { "coxswain.dev/template": template } },
      spec: { workflowTemplateRef: { name: template } },
      status:
        finished !== undefined
          ? { phase: options.phase ?? "Succeeded", finishedAt: hoursAgo(finished) }
          : { phase: "Running" },
    };
    await target.createForeign("workflows", namespace, object);
  }

  async function template(name: string, retention: { keepLast: number; maxAgeSeconds: number }) {
    await target.createForeign("workflowtemplates", namespace, {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "WorkflowTemplate",
      metadata: {
        name,
        labels: { "app.kubernetes.io/managed-by": "coxswain" },
        annotations: { "coxswain.dev/retention": JSON.stringify(retention) },
      },
      spec: { entrypoint: "main", templates: [{ name: "main", container: { image: "alpine" } }] },
    });
  }

  const names = async () =>
    (await target.list("workflows", namespace)).map((r) => r.metadata.name).sort();
  const prune = (dryRun = false) =>
    pruneRuns(argoClusterFor(target.kubeConfig()), defaults, { dryRun, namespace, now });

  describe("pruning finished runs", () => {
    it("keeps the newest keepLast finished runs of each template, and every running one", async () => {
      await template("train", { keepLast: 2, maxAgeSeconds: 30 * 86_400 });
      for (const [i, age] of [1, 2, 3, 4, 5].entries()) await run(`train-${i}`, "train", age);
      await run("train-running", "train", undefined);
      await run("train-failed", "train", 6, { phase: "Failed" });
      await run("eval-0", "eval", 1);
      const result = await prune();
      expect(result.decisions.map((d) => [d.run.name, d.why])).toEqual([
        ["train-2", "3rd newest of train, keepLast 2"],
        ["train-3", "4th newest of train, keepLast 2"],
        ["train-4", "5th newest of train, keepLast 2"],
        ["train-failed", "6th newest of train, keepLast 2"],
      ]);
      expect(result.deleted).toBe(4);
      expect(await names()).toEqual(["eval-0", "train-0", "train-1", "train-running"]);
    });

    it("deletes finished runs older than maxAge, whatever keepLast says", async () => {
      await template("nightly", { keepLast: 10, maxAgeSeconds: 12 * 3600 });
      await run("nightly-new", "nightly", 2);
      await run("nightly-old", "nightly", 13, { phase: "Error" });
      await run("other-old", "other", 24 * 8); // no template: the server's default (7d)
      await run("other-recent", "other", 24 * 6);
      const result = await prune();
      expect(result.decisions.map((d) => [d.run.name, d.reason, d.why])).toEqual([
        ["nightly-old", "maxAge", "finished 13h ago, maxAge 12h"],
        ["other-old", "maxAge", "finished 8d ago, maxAge 7d"],
      ]);
      expect(await names()).toEqual(["nightly-new", "other-recent"]);
    });

    it("never touches Workflows coxswain does not manage", async () => {
      for (let i = 0; i < 6; i++) await run(`by-hand-${i}`, "train", 24 * 30, { managed: false });
      const result = await prune();
      expect(result.decisions).toEqual([]);
      expect(await names()).toHaveLength(6);
    });

    it("keeps each repository's runs of a template apart", async () => {
      for (let i = 0; i < 4; i++) await run(`a-${i}`, "train", i + 1, { repo: "acme.a" });
      for (let i = 0; i < 4; i++) await run(`b-${i}`, "train", i + 1, { repo: "acme.b" });
      await prune();
      expect(await names()).toEqual(["a-0", "a-1", "a-2", "b-0", "b-1", "b-2"]);
    });

    it("changes nothing in a dry run, and says what it would delete", async () => {
      for (let i = 0; i < 5; i++) await run(`train-${i}`, "train", i + 1);
      const result = await prune(true);
      expect(result.decisions.map((d) => d.run.name)).toEqual(["train-3", "train-4"]);
      expect(result.deleted).toBe(0);
      expect(await names()).toHaveLength(5);
    });
  });
}
