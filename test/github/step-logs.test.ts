// Step logs need pods with logs, which only the loopback API can give on demand (a real
// server without a kubelet runs no pods). The test Argo controller runs the steps, so the pods
// are what Argo would make of the template (its container's env names the Secret).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ArgoObject } from "../../app/cluster/argo-kinds.ts";
import { type RunReporting, startRunReporting } from "../../app/server/run-reporting.ts";
import { loopbackTarget } from "../support/cluster-target.ts";
import { failStep } from "../support/failed-run.ts";
import { workflowTemplate } from "../support/pipelines.ts";
import { type SyncFixture, startSyncFixture } from "../support/sync-fixture.ts";
import { issueCommentPayload } from "../support/webhooks.ts";

let target: Awaited<ReturnType<typeof loopbackTarget>>;
let f: SyncFixture;
let baseSha: string;
let headSha: string;
let reporting: RunReporting | undefined;

const secretValue = "s3cr3t-token-value";
const usesSecret = workflowTemplate("train", {
  extra:
    "        env:\n          - name: TOKEN\n            valueFrom:\n              secretKeyRef: {name: ml-creds, key: token}\n",
});

beforeAll(async () => {
  target = await loopbackTarget();
});
afterAll(() => target.close());
beforeEach(async () => {
  f = await startSyncFixture(target);
  baseSha = await f.origin.commit({ "workflows/train.yaml": usesSecret });
  await f.origin.branch("change");
  headSha = await f.origin.commit({ "notes.md": "x" }, "notes", "change");
  await f.origin.pushPullRef(7, headSha);
  target.api.put({
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: "ml-creds", namespace: f.namespace },
    data: { token: Buffer.from(secretValue).toString("base64") },
  });
  await comment("/run train", 1);
});
afterEach(async () => {
  reporting?.stop();
  reporting = undefined;
  await f.close();
});

/** `replies: false` when the reporter's mocks already answer new comments on the PR. */
async function comment(body: string, commentId: number, replies = true) {
  f.github
    .installationToken()
    .reaction(commentId)
    .pullRequest(7, { sha: headSha }, { sha: baseSha })
    .permission("octocat", "write");
  if (replies) f.github.commentsOn(7);
  if (body.startsWith("/run")) f.github.queuedCheckRun("coxswain/run: train", headSha);
  await f.app.receive(
    "issue_comment",
    issueCommentPayload(f.repository, { number: 7, body, commentId }),
  );
  f.github.done();
}

async function theRun(): Promise<ArgoObject> {
  const [run] = await f.cluster.list("workflows", f.namespace);
  if (!run) throw new Error("no run");
  return run;
}

async function failTrain(log: string, message?: string) {
  const name = (await theRun()).metadata.name;
  const { pod } = await failStep(target, f.namespace, name, { log, message });
  return { name, pod };
}

const failingLog = `loading data\nconnecting with ${secretValue}\nTraceback (most recent call last):\nValueError: bad shape\n`;

describe("step logs", () => {
  it("/logs answers the last lines of a step's log with secret values masked", async () => {
    const { name } = await failTrain(failingLog);
    await comment("/logs train", 2);
    const answer = f.github.comments.at(-1)?.body ?? "";
    expect(answer).toContain(`Last lines of \`train\` in \`${name}\`:`);
    expect(answer).toContain("connecting with ***");
    expect(answer).toContain("ValueError: bad shape");
    expect(answer).not.toContain(secretValue);
  });

  it("/logs names the steps when the step does not exist", async () => {
    const { name } = await failTrain(failingLog);
    await comment("/logs evaluate", 2);
    expect(f.github.comments.at(-1)?.body).toBe(
      `\`/logs\`: ${name} has no step evaluate (steps: load, train)`,
    );
  });

  it("keeps the failed step's log on the run and puts it, masked, in the exit notification", async () => {
    f.github.reporting(7);
    const { pod } = await failTrain(failingLog);
    reporting = await startRunReporting(f.app.probot, f.deps, {
      intervalMs: 0,
      namespace: f.namespace,
    });
    const deadline = Date.now() + 5000;
    const notification = () =>
      f.github.comments.find((c) => c.body.includes("<!-- coxswain:exit:"));
    while (!notification() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const body = notification()?.body ?? "";
    expect(body).toContain("Failed step: `train` — main: Error (exit code 1)");
    expect(body).toContain("ValueError: bad shape");
    expect(body).toContain("connecting with ***");
    expect(body).not.toContain(secretValue);
    const kept = JSON.parse(
      (await theRun()).metadata.annotations?.["coxswain.dev/failed-step-log"] ?? "{}",
    );
    expect(kept.text).toContain("ValueError: bad shape");
    expect(kept.text).not.toContain(secretValue);
    // The pod is cleaned up; /logs still answers from what was kept.
    target.api.delete("pods", f.namespace, pod);
    await comment("/logs train", 3, false);
    expect(f.github.comments.at(-1)?.body).toContain("ValueError: bad shape");
  });

  it("masks a secret in the failed step's message, in the run report and the exit notification", async () => {
    f.github.reporting(7);
    await failTrain(failingLog, `token ${secretValue} was refused`);
    reporting = await startRunReporting(f.app.probot, f.deps, {
      intervalMs: 0,
      namespace: f.namespace,
    });
    const deadline = Date.now() + 5000;
    const notification = () =>
      f.github.comments.find((c) => c.body.includes("<!-- coxswain:exit:"));
    while (!notification() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(notification()?.body).toContain("Failed step: `train` — token \\*\\*\\* was refused");
    const report = f.github.commentUpdates.at(-1)?.body ?? "";
    expect(report).toContain("| token \\*\\*\\* was refused |");
    const posted = [...f.github.comments, ...f.github.commentUpdates, ...f.github.checkRunUpdates];
    expect(JSON.stringify(posted)).not.toContain(secretValue);
  });

  describe("a failed step whose log cannot be read", () => {
    async function exitNotification(): Promise<string> {
      const deadline = Date.now() + 5000;
      const find = () => f.github.comments.find((c) => c.body.includes("<!-- coxswain:exit:"));
      while (!find() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      return find()?.body ?? "";
    }
    const podReads = () =>
      target.api.requests.filter((r) => r.path === `/api/v1/namespaces/${f.namespace}/pods`);

    it("says the pod is gone, and asks only once", async () => {
      f.github.reporting(7);
      const { pod, name } = await failTrain(failingLog);
      target.api.delete("pods", f.namespace, pod);
      target.api.resetRequestLog();
      reporting = await startRunReporting(f.app.probot, f.deps, {
        intervalMs: 0,
        namespace: f.namespace,
      });
      expect(await exitNotification()).toContain(
        "Its log could not be read: its pod is gone (deleted, or never created).",
      );
      const kept = JSON.parse(
        (await theRun()).metadata.annotations?.["coxswain.dev/failed-step-log"] ?? "{}",
      );
      expect(kept).toEqual({
        step: `${name}.train`,
        text: "",
        unavailable: "its pod is gone (deleted, or never created)",
      });
      // One list for the failed step's log, one for the run's timeline as it ended.
      expect(podReads()).toHaveLength(2);
      // Later writes (a retry of the report, a restart) take the reason as kept.
      await f.cluster.patchForeign("workflows", f.namespace, name, {
        metadata: { labels: { touched: "yes" } },
      });
      await reporting.drain();
      expect(podReads()).toHaveLength(2);
    });

    it("says the pod was never scheduled, and why", async () => {
      f.github.reporting(7);
      const { pod } = await failTrain(failingLog);
      target.api.patch("pods", f.namespace, pod, {
        status: {
          phase: "Pending",
          conditions: [
            {
              type: "PodScheduled",
              status: "False",
              reason: "Unschedulable",
              message: "0/3 nodes are available: 3 Insufficient nvidia.com/gpu.",
            },
          ],
        },
      });
      reporting = await startRunReporting(f.app.probot, f.deps, {
        intervalMs: 0,
        namespace: f.namespace,
      });
      expect(await exitNotification()).toContain(
        "Its log could not be read: its pod was never scheduled: 0/3 nodes are available: 3 Insufficient nvidia.com/gpu.",
      );
    });

    it("/logs says why, when nothing was kept", async () => {
      const { pod, name } = await failTrain(failingLog);
      target.api.delete("pods", f.namespace, pod);
      await comment("/logs train", 2);
      expect(f.github.comments.at(-1)?.body).toBe(
        `\`/logs\`: no log for train in ${name}: its pod is gone (deleted, or never created)`,
      );
    });
  });
});
