import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nock from "nock";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { argoClusterFor } from "../../app/cluster/argo-cluster.ts";
import { coreClusterFor } from "../../app/cluster/core-cluster.ts";
import { leaseStoreFor } from "../../app/cluster/lease-store.ts";
import { GitMirrors } from "../../app/git/repo-mirror.ts";
import { openLedger } from "../../app/ledger/open-ledger.ts";
import type { RunLedger } from "../../app/ledger/run-ledger.ts";
import { type ServerParts, serverApp } from "../../app/server/server-app.ts";
import { shutdown } from "../../app/server/shutdown.ts";
import type { Services } from "../../app/use-cases/services.ts";
import { InFlight } from "../../app/util/in-flight.ts";
import { argoFor, clockAt } from "../support/argo-runs.ts";
import type { ClusterTarget } from "../support/cluster-target.ts";
import { workflowTemplate } from "../support/pipelines.ts";
import { startPostgres, type TestPostgres } from "../support/postgres.ts";
import { githubApi } from "../support/probot-harness.ts";
import { eachSyncFixture, type SyncFixture } from "../support/sync-fixture.ts";
import { deliverWebhook, startTestServer } from "../support/test-server.ts";
import { installationId, issueCommentPayload } from "../support/webhooks.ts";

/** One app instance as main.ts builds it (its own Probot, Git mirrors and ledger connection). */
interface Replica {
  identity: string;
  isLeader(): boolean;
  /** Delivers a comment on PR #7 over HTTP and returns once its handler has finished. */
  comment(body: string, commentId: number): Promise<void>;
  /** SIGTERM: what main.ts does (the lease is released, the ledger closed). */
  stop(): Promise<void>;
}

// Runs on the loopback test API (test/ledger/) and on a real kube-apiserver (test/integration/):
// replicas of a cluster install, sharing one PostgreSQL ledger and one leader Lease.
export function sharedLedgerSuite(makeTarget: () => Promise<ClusterTarget>): void {
  let postgres: TestPostgres;
  let f: SyncFixture;
  let target: ClusterTarget;
  let ledgerUrl: string;
  let leaseNamespace: string;
  let baseSha: string;
  let headSha: string;
  /** The test's own look at the shared database. */
  let observer: RunLedger;
  let tokens: number;
  const running = new Set<Replica>();
  const clock = clockAt("2026-11-23T10:00:00Z");

  beforeAll(async () => {
    postgres = await startPostgres();
  });
  afterAll(() => postgres.stop());
  eachSyncFixture(makeTarget, (fixture, cluster) => {
    f = fixture;
    target = cluster;
  });
  beforeEach(async () => {
    ledgerUrl = await postgres.database();
    observer = await openLedger(ledgerUrl);
    leaseNamespace = await target.namespace("coxswain");
    baseSha = await f.origin.commit({ "workflows/train.yaml": workflowTemplate("train") });
    await f.origin.branch("change");
    headSha = await f.origin.commit({ "notes.md": "try\n" }, "try", "change");
    await f.origin.pushPullRef(7, headSha);
    f.github.reporting(7);
    // Each replica's Probot asks for its own installation token (when it first needs one).
    tokens = 0;
    nock(githubApi)
      .persist()
      .post(`/app/installations/${installationId}/access_tokens`)
      .reply(201, () => {
        tokens++;
        return { token: "ghs_installation_token", expires_at: "2099-01-01T00:00:00Z" };
      });
  });
  afterEach(async () => {
    for (const replica of running) await replica.stop();
    await observer.close();
  });

  async function startReplica(identity: string): Promise<Replica> {
    const mirrors = await mkdtemp(join(tmpdir(), `coxswain-${identity}-`));
    const inFlight = new InFlight();
    const git = new GitMirrors(mirrors, f.deps.server.limits);
    const ledger = await openLedger(ledgerUrl);
    const kubeConfig = target.kubeConfig();
    const deps: Services = {
      ...f.deps,
      git,
      ledger,
      inFlight,
      cluster: argoClusterFor(kubeConfig),
      core: coreClusterFor(kubeConfig),
    };
    let parts: ServerParts | undefined;
    const { server, base } = await startTestServer(
      serverApp(deps, {
        reportRuns: true,
        prune: false,
        reconcile: false,
        intervalMs: 0,
        leader: {
          store: leaseStoreFor(kubeConfig, leaseNamespace, "coxswain-leader"),
          options: {
            identity,
            leaseDurationMs: 60_000,
            renewDeadlineMs: 30_000,
            retryPeriodMs: 50,
          },
        },
        started: (started) => {
          parts = started;
        },
      }),
    );
    const replica: Replica = {
      identity,
      isLeader: () => parts?.elector?.isLeader === true,
      async comment(body, commentId) {
        const payload = issueCommentPayload(f.repository, { number: 7, body, commentId });
        const answer = await deliverWebhook(base, "issue_comment", payload);
        expect(answer.status, `${identity} took the webhook`).toBeLessThan(300);
        await inFlight.idle();
      },
      async stop() {
        running.delete(replica);
        await shutdown({ server, parts, inFlight, git, ledger });
        await rm(mirrors, { recursive: true, force: true });
      },
    };
    running.add(replica);
    return replica;
  }

  async function until(what: string, condition: () => boolean | Promise<boolean>) {
    const deadline = Date.now() + 10_000;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  const exitNotifications = () =>
    f.github.comments.filter((c) => c.body.includes("<!-- coxswain:exit:")).length;

  /** `/run train` through `replica`; the leader reports the run and records it when it ends. */
  async function runToTheEnd(replica: Replica, commentId: number): Promise<string> {
    const before = new Set((await f.cluster.list("workflows", f.namespace)).map(nameOf));
    const ended = exitNotifications();
    f.github
      .permission("octocat", "write")
      .reaction(commentId)
      .pullRequest(7, { sha: headSha }, { sha: baseSha })
      .queuedCheckRun("coxswain/run: train", headSha);
    await replica.comment("/run train", commentId);
    f.github.done();
    const name = (await f.cluster.list("workflows", f.namespace))
      .map(nameOf)
      .find((n) => !before.has(n));
    if (!name) throw new Error(`${replica.identity} started no run`);
    const run = await argoFor(target, clock).load(f.namespace, name);
    await run.start();
    await run.finishAs("Succeeded");
    await until("the run's record", async () => {
      return (await observer.byName(f.namespace, name))?.phase === "Succeeded";
    });
    await until("the exit notification", () => exitNotifications() === ended + 1);
    return name;
  }

  /** Prunes the run from the cluster: from now on only the ledger knows it. */
  const prune = (name: string) => target.deleteForeign("workflows", f.namespace, name);

  /** `/status` through `replica`: the reply it posts on the pull request. */
  async function status(replica: Replica, commentId: number): Promise<string> {
    const posted = f.github.comments.length;
    f.github
      .permission("octocat", "write")
      .reaction(commentId)
      .pullRequest(7, { sha: headSha }, { sha: baseSha });
    await replica.comment("/status", commentId);
    f.github.done();
    const replies = f.github.comments.slice(posted);
    expect(replies, `${replica.identity}'s /status reply`).toHaveLength(1);
    return replies[0]?.body ?? "";
  }

  const pruned = (name: string) => `| \`${name}\` | train | ✅ Succeeded · pruned |`;

  describe("replicas on one PostgreSQL ledger", () => {
    // Four app instances and two runs: about 4 s alone, several times that on a busy machine.
    it("give the same /status from either replica, across a restart of each, with history the leader recorded", {
      timeout: 60_000,
    }, async () => {
      const a = await startReplica("pod-a");
      await until("pod-a leading", () => a.isLeader());
      const b = await startReplica("pod-b");

      // Started through the replica that does not lead; recorded by the leader.
      const first = await runToTheEnd(b, 1);
      await prune(first);
      const fromA = await status(a, 2);
      expect(fromA).toContain(pruned(first));
      expect(await status(b, 3)).toBe(fromA);

      // A new replica in the place of pod-b, on the same URL.
      await b.stop();
      const b2 = await startReplica("pod-b-2");
      expect(await status(b2, 4)).toBe(fromA);

      // The leader goes; the new pod-b takes the lease, a new pod-a starts.
      await a.stop();
      await until("pod-b-2 leading", () => b2.isLeader());
      const a2 = await startReplica("pod-a-2");
      expect(await status(a2, 5)).toBe(fromA);

      // What the new leader records joins the same history, seen from both.
      const second = await runToTheEnd(a2, 6);
      await prune(second);
      const after = await status(a2, 7);
      expect(after).toContain(pruned(first));
      expect(after).toContain(pruned(second));
      expect(await status(b2, 8)).toBe(after);
      expect(exitNotifications()).toBe(2);
      expect(tokens, "one installation token per replica").toBe(4);
    });
  });
}

const nameOf = (run: { metadata: { name: string } }) => run.metadata.name;
