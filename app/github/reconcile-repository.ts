// One repository, level-triggered: read its default branch's head, plan it against the cluster
// and act on what differs. Nothing differs: no cluster write, no GitHub request. The head was
// never synced (a push whose webhook was lost): sync it, with its check run. It was synced, so
// the cluster changed outside Git: put it back, or only report it, as the server policy says.
import type { Logger } from "pino";
import type { SlackNotify } from "../config/notifications-config.ts";
import { driftActionFor, namespaceForRepository } from "../config/server-policy.ts";
import type { DriftNotice } from "../report/render-drift.ts";
import { applyChanges } from "../sync/apply-changes.ts";
import { driftOf } from "../sync/drift.ts";
import { type LiveDefinitions, liveDefinitions } from "../sync/live-definitions.ts";
import { planRepository } from "../sync/plan-repository.ts";
import type { Services } from "../use-cases/services.ts";
import type { Octokit } from "./check-runs.ts";
import { remoteRepo } from "./repo-access.ts";
import type { ServedRepository } from "./served-repositories.ts";
import { sharedConfigReader } from "./shared-config.ts";
import { type SyncRunner, syncCheckName } from "./sync-runner.ts";

export type ReconcileOutcome =
  | "in-sync"
  | "caught-up"
  | "drift"
  | "invalid"
  | "empty"
  | "not-served"
  | "syncing"
  | "failed";

export interface DriftFound extends DriftNotice {
  slack?: SlackNotify;
}

export interface ReconcilePorts {
  services: Pick<Services, "git" | "cluster" | "server" | "schema" | "namespaceCache">;
  sync: SyncRunner;
  log: Logger;
  /**
   * The last head each repository was found in sync at, with its objects' resource versions:
   * the same head and the same objects need no plan (no definition is read) until `replanMs`
   * has passed (a changed `_extends` config moves no head).
   */
  inSync?: Map<string, InSyncMark>;
  replanMs?: number;
}

export interface InSyncMark {
  head: string;
  objects: string;
  at: number;
}

export interface Reconciled {
  outcome: ReconcileOutcome;
  /** With outcome `drift`: what was found, and whether it was put back. */
  drift?: DriftFound;
}

export async function reconcileRepository(
  repository: ServedRepository,
  octokit: Octokit,
  ports: ReconcilePorts,
): Promise<Reconciled> {
  const { services, log } = ports;
  const mapping = namespaceForRepository(services.server, repository.fullName);
  if (!mapping.ok) return { outcome: "not-served" };
  const namespace = mapping.namespace;
  const payload = {
    id: repository.id,
    full_name: repository.fullName,
    name: repository.name,
    clone_url: repository.cloneUrl,
    default_branch: repository.defaultBranch,
  };
  const remote = await remoteRepo(octokit, payload);
  const head = await services.git.remoteHead(remote, repository.defaultBranch);
  if (!head) return { outcome: "empty" };
  const identity = { fullName: repository.fullName, id: repository.id };
  const live = await liveDefinitions(services.cluster, namespace, identity);
  const mark = { head, objects: versionsOf(live), at: Date.now() };
  const key = repository.fullName.toLowerCase();
  const known = ports.inSync?.get(key);
  if (
    known &&
    known.head === mark.head &&
    known.objects === mark.objects &&
    mark.at - known.at < (ports.replanMs ?? 3_600_000)
  )
    return { outcome: "in-sync" };
  ports.inSync?.delete(key);
  const snapshot = await services.git.snapshot(remote, head, [
    `refs/heads/${repository.defaultBranch}`,
  ]);
  const owner = repository.fullName.split("/")[0] ?? "";
  const plan = await planRepository(
    {
      repoFullName: repository.fullName,
      repositoryId: repository.id,
      namespace,
      snapshot,
      sharedConfig: sharedConfigReader(octokit, owner),
      live,
    },
    services,
  );
  // Invalid at the head: its sync check run already says why, and nothing was applied.
  if (!plan.ok) return { outcome: "invalid" };
  const changes = plan.changes.filter((change) => change.action !== "unchanged");
  if (changes.length === 0) {
    ports.inSync?.set(key, mark);
    return { outcome: "in-sync" };
  }
  const [ownerName = "", repoName = repository.name] = repository.fullName.split("/");
  const synced = await syncCheckOf(octokit, ownerName, repoName, head);
  // A sync of this commit is under way: what differs is what it is applying.
  if (synced === "running") return { outcome: "syncing" };
  if (synced === "none") {
    log.info({ repo: repository.fullName, sha: head }, "head never synced: syncing it now");
    await ports.sync({
      octokit,
      log,
      repository: payload,
      sha: head,
      namespace,
      installationId: repository.installationId,
      reason:
        "Synced by coxswain's periodic reconcile: this commit reached the default branch without a push event reaching coxswain. Only a push starts `on: merge` runs.",
      startTriggers: false,
    });
    return { outcome: "caught-up" };
  }
  const action = driftActionFor(services.server, repository.fullName);
  const drift = driftOf(changes);
  if (action === "revert") {
    await applyChanges(
      services.cluster,
      namespace,
      changes,
      services.namespaceCache ? { cache: services.namespaceCache } : {},
    );
  }
  return {
    outcome: "drift",
    drift: {
      repository: repository.fullName,
      namespace,
      commit: head,
      action: action === "revert" ? "reverted" : "reported",
      drift,
      ...(plan.policy.slack ? { slack: plan.policy.slack } : {}),
    },
  };
}

/** Whether the commit has a `coxswain/sync` check run, and whether it has finished. */
async function syncCheckOf(
  octokit: Octokit,
  owner: string,
  repo: string,
  sha: string,
): Promise<"none" | "running" | "done"> {
  const { data } = await octokit.rest.checks.listForRef({
    owner,
    repo,
    ref: sha,
    check_name: syncCheckName,
    filter: "latest",
  });
  if (data.total_count === 0) return "none";
  return data.check_runs.some((run) => run.status !== "completed") ? "running" : "done";
}

/** This repository's synced objects by kind, name and resource version: any write changes it. */
function versionsOf(live: LiveDefinitions): string {
  return live.ours
    .map((o) => `${o.kind}/${o.metadata.name}@${o.metadata.resourceVersion ?? ""}`)
    .sort()
    .join(",");
}
