// A run's record outlives its Workflow: /status still lists a pruned run, /rerun starts it
// again from its record, and /retry says why it cannot.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openLedger } from "../../app/ledger/open-ledger.ts";
import type { RunLedger } from "../../app/ledger/run-ledger.ts";
import { type RunReporting, startRunReporting } from "../../app/server/run-reporting.ts";
import { loopbackTarget } from "../support/cluster-target.ts";
import { failStep } from "../support/failed-run.ts";
import { workflowTemplate } from "../support/pipelines.ts";
import { type SyncFixture, startSyncFixture } from "../support/sync-fixture.ts";
import { issueCommentPayload } from "../support/webhooks.ts";

let target: Awaited<ReturnType<typeof loopbackTarget>>;
let f: SyncFixture;
let ledger: RunLedger;
let reporting: RunReporting | undefined;
let base: string;
let head: string;
let comments = 0;

beforeAll(async () => {
  target = await loopbackTarget();
});
afterAll(() => target.close());
beforeEach(async () => {
  f = await startSyncFixture(target);
  ledger = await openLedger(":memory:");
  f.deps.ledger = ledger;
  base = await f.origin.commit({ "workflows/train.yaml": workflowTemplate("train") });
  await f.origin.branch("change");
  head = await f.origin.commit({ "notes.md": "x" }, "notes", "change");
  await f.origin.pushPullRef(7, head);
});
afterEach(async () => {
  reporting?.stop();
  reporting = undefined;
  await f.close();
  await ledger.close();
});

async function comment(body: string, newRun = false) {
  const commentId = ++comments;
  f.github
    .installationToken()
    .reaction(commentId)
    .pullRequest(7, { sha: head }, { sha: base })
    .permission("octocat", "write");
  if (newRun) f.github.queuedCheckRun("coxswain/run: train", head);
  await f.app.receive(
    "issue_comment",
    issueCommentPayload(f.repository, { number: 7, body, commentId }),
  );
  f.github.done();
  return f.github.comments.at(-1)?.body ?? "";
}

async function until(what: string, condition: () => Promise<boolean>) {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("runs pruned from the cluster", () => {
  it("are still listed, can be rerun from their record, and say why they cannot be retried", async () => {
    f.github.commentsOn(7).reporting(7);
    await comment("/run train lr=0.5", true);
    const [run] = await f.cluster.list("workflows", f.namespace);
    const name = run?.metadata.name ?? "";
    reporting = await startRunReporting(f.app.probot, f.deps, {
      intervalMs: 0,
      namespace: f.namespace,
    });
    await failStep(target, f.namespace, name, { log: "ValueError: bad shape\n" });
    await until(
      "the run's record",
      async () => (await ledger.byName(f.namespace, name))?.phase === "Failed",
    );
    await reporting.drain();
    const record = await ledger.byName(f.namespace, name);
    expect(record).toMatchObject({
      repo: "acme/pipelines",
      template: "train",
      commit: head,
      pr: 7,
      trigger: "comment",
      actor: "octocat",
      parameters: { lr: "0.5" },
      failedStep: "train",
      failedMessage: "main: Error (exit code 1)",
    });
    await f.cluster.deleteForeign("workflows", f.namespace, name); // pruned

    const status = await comment("/status");
    expect(status).toContain(`| \`${name}\` | train | ❌ Failed · pruned |`);

    expect(await comment(`/retry ${name}`)).toBe(
      `\`/retry\`: ${name} was pruned from the cluster, so its failed steps cannot be retried; \`/rerun ${name}\` starts it again.`,
    );

    const answer = await comment(`/rerun ${name}`, true);
    const [again] = await f.cluster.list("workflows", f.namespace);
    expect(answer).toBe(`\`${name}\` started again as \`${again?.metadata.name}\`.`);
    const spec = again?.spec as { arguments?: { parameters?: unknown[] } } | undefined;
    expect(spec?.arguments?.parameters).toContainEqual({
      name: "lr",
      value: "0.5",
    });
    expect(again?.metadata.labels?.["coxswain.dev/pr"]).toBe("7");
  });
});
