// Runs whose identity coxswain did not sign are reported nowhere and recorded nowhere, however
// Argo moves them; part of the run-reporting suite, on both servers.
import { describe, expect, it } from "vitest";
import type { ArgoObject } from "../../app/cluster/argo-kinds.ts";
import { openLedger } from "../../app/ledger/open-ledger.ts";
import { createMetrics } from "../../app/metrics/metrics.ts";
import { argoFor } from "../support/argo-runs.ts";
import { signedRun } from "../support/signed-run.ts";
import type { RunOnPullRequest } from "./run-on-pull-request.ts";

export function untrustedRunsSuite(pr: RunOnPullRequest): void {
  describe("runs whose identity coxswain did not sign", () => {
    /** A Workflow made from the real run's labels and annotations, changed by `forge`. */
    function forgedFrom(run: ArgoObject, name: string, forge: (a: Record<string, string>) => void) {
      const annotations = { ...(run.metadata.annotations ?? {}) };
      forge(annotations);
      return {
        apiVersion: run.apiVersion,
        kind: "Workflow",
        metadata: { name, labels: { ...(run.metadata.labels ?? {}) }, annotations },
        spec: run.spec,
      } as ArgoObject;
    }

    /** Argo starts each run and it fails. */
    async function failAll(namespace: string, names: string[]) {
      for (const name of names) {
        const run = await argoFor(pr.target).load(namespace, name);
        await run.start();
        await run.finishAs("Failed");
      }
    }

    async function untrustedCounts(): Promise<Record<string, number>> {
      const metric = await pr.f.deps.metrics?.untrustedRuns.get();
      return Object.fromEntries(
        (metric?.values ?? []).map((v) => [String(v.labels.reason), v.value]),
      );
    }

    it("reports nowhere, records nothing and counts a run whose identity was copied, changed or left out", async () => {
      const { f } = pr;
      f.deps.metrics = createMetrics();
      const ledger = await openLedger(":memory:");
      f.deps.ledger = ledger;
      const real = await pr.theRun();
      const forged = [
        // the real run's labels, annotations and seals on another Workflow
        forgedFrom(real, "copied-run", () => {}),
        // pointed at another repository's check run and comment
        forgedFrom(real, "retargeted-run", (a) => {
          a["coxswain.dev/repo-full-name"] = "acme/other";
          a["coxswain.dev/check-run-id"] = "777";
          a["coxswain.dev/pr-comment-id"] = "778";
        }),
        // no seal at all
        forgedFrom(real, "unsigned-run", (a) => {
          delete a["coxswain.dev/identity-seal"];
          a["coxswain.dev/check-run-id"] = "779";
        }),
      ];
      for (const run of forged) await f.cluster.createForeign("workflows", f.namespace, run);
      const reporting = await pr.report();
      await failAll(
        f.namespace,
        forged.map((run) => run.metadata.name),
      );
      await pr.until("each forged run counted", async () => {
        const counts = await untrustedCounts();
        return counts.forged === 2 && counts.unsigned === 1;
      });
      await reporting.drain();
      const touched = f.github.checkRunUpdates.filter(
        (u) => u.id !== 100 || u.body.status === "completed",
      );
      expect(touched).toEqual([]);
      expect(f.github.commentUpdates.filter((u) => u.id !== 5000)).toEqual([]);
      expect(pr.exitNotifications()).toEqual([]);
      expect(await ledger.ofRepository(f.namespace, "acme/pipelines")).toEqual([]);
      expect(await ledger.ofRepository(f.namespace, "acme/other")).toEqual([]);
      await ledger.close();
    });

    it("reports nowhere a correctly signed run found in a namespace its repository does not map to", async () => {
      const { f, target } = pr;
      f.deps.metrics = createMetrics();
      const other = await target.namespace("other-team");
      const real = await pr.theRun();
      const moved = signedRun(
        {
          apiVersion: real.apiVersion,
          kind: "Workflow",
          metadata: {
            name: "moved-run",
            labels: { ...(real.metadata.labels ?? {}) },
            annotations: {
              ...(real.metadata.annotations ?? {}),
              "coxswain.dev/check-run-id": "780",
            },
          },
          spec: real.spec,
        } as ArgoObject,
        other,
      );
      await f.cluster.createForeign("workflows", other, moved);
      const reporting = await pr.report({ namespace: other });
      await failAll(other, ["moved-run"]);
      await pr.until(
        "the run counted",
        async () => (await untrustedCounts())["foreign-namespace"] === 1,
      );
      await reporting.drain();
      expect(f.github.checkRunUpdates).toEqual([]);
      expect(pr.exitNotifications()).toEqual([]);
    });

    it("reports nowhere a run whose template's workflowMetadata overwrote coxswain's keys", async () => {
      // A WorkflowTemplate put in the cluster before definitions carrying coxswain's keys were
      // refused: Argo copies its workflowMetadata onto the run when it starts.
      const { f } = pr;
      f.deps.metrics = createMetrics();
      const real = await pr.theRun();
      const spec = real.spec as { workflowMetadata?: unknown };
      await f.cluster.patchForeign("workflows", f.namespace, real.metadata.name, {
        spec: {
          ...spec,
          workflowMetadata: {
            annotations: {
              "coxswain.dev/check-run-id": "781",
              "coxswain.dev/repo-full-name": "acme/other",
            },
          },
        },
      });
      const reporting = await pr.report();
      await failAll(f.namespace, [real.metadata.name]);
      await pr.until("the run counted", async () => (await untrustedCounts()).forged === 1);
      await reporting.drain();
      expect(f.github.checkRunUpdates.filter((u) => u.body.status === "completed")).toEqual([]);
      expect(f.github.checkRunUpdates.some((u) => u.id === 781)).toBe(false);
      expect(pr.exitNotifications()).toEqual([]);
    });

    it("never writes to a check run whose id was not the one coxswain recorded", async () => {
      const { f } = pr;
      const real = await pr.theRun();
      const spec = real.spec as Record<string, unknown>;
      await f.cluster.patchForeign("workflows", f.namespace, real.metadata.name, {
        spec: {
          ...spec,
          workflowMetadata: { annotations: { "coxswain.dev/check-run-id": "782" } },
        },
      });
      await pr.report();
      const run = await pr.argoRun();
      await run.start();
      await run.finishAs("Succeeded");
      // The run is still coxswain's (its identity verifies): its comment is kept up to date.
      await pr.until("the exit notification", () => pr.exitNotifications().length === 1);
      expect((await pr.theRun()).metadata.annotations?.["coxswain.dev/check-run-id"]).toBe("782");
      // Only the write made when the watch first listed it, before Argo overwrote the id.
      expect(f.github.checkRunUpdates.map((u) => [u.id, u.body.status])).toEqual([[100, "queued"]]);
      expect(f.github.commentUpdates.at(-1)?.id).toBe(5000);
    });
  });
}
