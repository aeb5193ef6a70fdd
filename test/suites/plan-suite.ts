// Plans on pull requests, end to end, against a given Kubernetes API (loopback or real).
import { describe, expect, it } from "vitest";
import type { ClusterTarget } from "../support/cluster-target.ts";
import { cronWorkflow, workflowTemplate } from "../support/pipelines.ts";
import { eachSyncFixture, type SyncFixture } from "../support/sync-fixture.ts";
import { checkRunRerequested, pullRequestPayload } from "../support/webhooks.ts";

export function planSuite(makeTarget: () => Promise<ClusterTarget>): void {
  let f: SyncFixture;
  eachSyncFixture(makeTarget, (fixture) => {
    f = fixture;
  });

  /** Commits `files` on a branch, opens PR #7 for it and returns the plan check run. */
  async function openPullRequest(
    files: Record<string, string | null>,
    options: { fromFork?: boolean; expect?: (head: string) => void } = {},
  ) {
    const baseSha = await f.origin.headOf("main");
    await f.origin.branch("change");
    const head = await f.origin.commit(files, "change pipelines", "change");
    await f.origin.pushPullRef(7, head);
    f.github
      .installationToken()
      .existingCheckRuns(head, "coxswain/plan")
      .checkRun("coxswain/plan", head);
    options.expect?.(head);
    await f.app.receive(
      "pull_request",
      pullRequestPayload("opened", f.repository, {
        number: 7,
        headSha: head,
        baseSha,
        ...(options.fromFork ? { fromFork: true } : {}),
      }),
    );
    f.github.done();
    const check = f.github.completion("coxswain/plan", head);
    return check as {
      conclusion: string;
      output: { title: string; summary: string; text?: string; annotations: unknown[] };
    };
  }

  describe("plan on a pull request", () => {
    it("shows what the merge would create, update and delete, and changes nothing", async () => {
      await f.pushAndSync({
        "workflows/train.yaml": workflowTemplate("train"),
        "workflows/old.yaml": workflowTemplate("old"),
      });
      f.recorded.reset();
      const check = await openPullRequest({
        "workflows/train.yaml": workflowTemplate("train", { image: "python:3.13" }),
        "workflows/old.yaml": null,
        "workflows/nightly.yaml": cronWorkflow("nightly", "train"),
      });
      expect(f.recorded.writes()).toEqual([]);
      expect(await f.cluster.list("cronworkflows", f.namespace)).toEqual([]);
      expect(check.conclusion).toBe("success");
      expect(check.output.title).toBe("Plan: 1 create, 1 update, 0 unchanged, 1 delete");
      expect(check.output.summary).toContain(
        "| ➕ create | CronWorkflow | `nightly` | workflows/nightly.yaml |",
      );
      expect(check.output.summary).toContain(
        "| 🗑️ delete | WorkflowTemplate | `old` | workflows/old.yaml |",
      );
      expect(check.output.text).toContain(
        'spec.templates[step].container.image: "python:3.12" → "python:3.13"',
      );
    });

    it("draws each changed pipeline's DAG in Mermaid", async () => {
      const check = await openPullRequest({ "workflows/train.yaml": workflowTemplate("train") });
      const text = check.output.text ?? "";
      expect(text).toContain(
        [
          "### WorkflowTemplate `train`",
          "",
          "```mermaid",
          "flowchart TD",
          '  n_load["load (step)"]',
          '  n_train["train (step)"]',
          "  n_load --> n_train",
          "```",
        ].join("\n"),
      );
    });

    it("fails the plan with annotations when the pull request breaks a definition", async () => {
      const check = await openPullRequest({
        "workflows/train.yaml": workflowTemplate("train").replace(
          "template: step\n            dependencies: [load]",
          "template: step\n            dependencies: [laod]",
        ),
      });
      expect(check.conclusion).toBe("failure");
      expect(check.output.annotations).toEqual([
        expect.objectContaining({
          path: "workflows/train.yaml",
          start_line: 19,
          message: expect.stringContaining('"laod"'),
        }),
      ]);
    });

    it("plans a fork's pull request from the base repository's pull ref without running anything", async () => {
      const check = await openPullRequest(
        { "workflows/train.yaml": workflowTemplate("train") },
        { fromFork: true },
      );
      expect(check.conclusion).toBe("success");
      expect(await f.cluster.list("workflowtemplates", f.namespace)).toEqual([]);
      expect(await f.cluster.list("workflows", f.namespace)).toEqual([]);
    });
  });

  describe("Re-run on the plan check run", () => {
    it("plans the pull request's head again", async () => {
      await f.origin.branch("change");
      const head = await f.origin.commit(
        { "workflows/train.yaml": workflowTemplate("train") },
        "add",
        "change",
      );
      await f.origin.pushPullRef(7, head);
      f.github.installationToken().checkRun("coxswain/plan", head);
      await f.app.receive(
        "check_run",
        checkRunRerequested("coxswain/plan", head, f.repository, [7]),
      );
      f.github.done();
      expect(f.github.completion("coxswain/plan", head)).toMatchObject({
        conclusion: "success",
        output: { title: "Plan: 1 create, 0 unchanged" },
      });
    });

    describe("pull_request triggers", () => {
      const config =
        'triggers:\n  - on: pull_request\n    template: train\n    paths: ["models/**"]\n    cancelInProgress: true\n';

      it("start a run at the PR head when a changed file matches, shown as a check run and a PR comment", async () => {
        await f.pushAndSync({
          ".github/coxswain.yml": config,
          "workflows/train.yaml": workflowTemplate("train"),
        });
        await openPullRequest(
          {
            "models/features.py": "x = 2\n",
            "workflows/train.yaml": workflowTemplate("train", { image: "python:3.13" }),
          },
          { expect: (head) => f.github.queuedCheckRun("coxswain/run: train", head).commentsOn(7) },
        );
        const [run] = await f.cluster.list("workflows", f.namespace);
        expect(run?.metadata.labels).toMatchObject({
          "coxswain.dev/trigger": "pull-request",
          "coxswain.dev/pr": "7",
        });
        const templates = (
          run?.spec as { templates?: Array<{ container?: { image: string } }> } | undefined
        )?.templates;
        expect(templates?.[1]?.container?.image).toBe("python:3.13");
      });

      it("start nothing when no changed file matches", async () => {
        await f.pushAndSync({
          ".github/coxswain.yml": config,
          "workflows/train.yaml": workflowTemplate("train"),
        });
        await openPullRequest({ "docs/notes.md": "x\n" });
        expect(await f.cluster.list("workflows", f.namespace)).toEqual([]);
      });

      it("start nothing for a fork's pull request, whatever it changes", async () => {
        await f.pushAndSync({
          ".github/coxswain.yml": config,
          "workflows/train.yaml": workflowTemplate("train"),
        });
        await openPullRequest({ "models/features.py": "x = 2\n" }, { fromFork: true });
        expect(await f.cluster.list("workflows", f.namespace)).toEqual([]);
      });
    });
  });
}
