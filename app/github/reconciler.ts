// The leader's level-triggered loop over the definitions. A periodic pass (jittered, a few
// repositories at a time) re-reads every served repository's default branch and reconciles it,
// so a lost webhook costs at most one interval; a change to a synced object by anyone but
// coxswain (seen by the definition watch) reconciles its repository within seconds. Objects of
// repositories no longer served are kept or pruned as the server policy says.
import type { Logger } from "pino";
import { fieldManager } from "../cluster/argo-cluster.ts";
import type { ArgoObject } from "../cluster/argo-kinds.ts";
import { annotationKeys, labelKeys } from "../cluster/labels.ts";
import { writersOf } from "../cluster/managed-fields.ts";
import { namespaceForRepository } from "../config/server-policy.ts";
import type { Services } from "../use-cases/services.ts";
import { mapBounded } from "../util/map-bounded.ts";
import type { Octokit } from "./check-runs.ts";
import {
  type DriftFound,
  type InSyncMark,
  type Reconciled,
  type ReconcileOutcome,
  reconcileRepository,
} from "./reconcile-repository.ts";
import type { RepositoryListing, ServedRepository } from "./served-repositories.ts";
import type { SyncRunner } from "./sync-runner.ts";
import { actOnUnserved } from "./unserved-repositories.ts";

export interface ReconcilerPorts {
  services: Pick<Services, "git" | "cluster" | "server" | "schema" | "metrics">;
  sync: SyncRunner;
  listing: { list(): Promise<RepositoryListing> };
  asInstallation(installationId: number): Promise<Octokit>;
  /** Posts a drift where the repository's runs are announced (Slack), if anywhere. */
  notifyDrift(found: DriftFound): Promise<void>;
  log: Logger;
}

export interface ReconcilerOptions {
  /** Between passes (each wait is jittered by ±10%). */
  everyMs: number;
  /** Repositories reconciled at once. */
  concurrency: number;
  /** Changes to one repository's objects within this long are reconciled once. */
  debounceMs: number;
  /** The first pass, after becoming leader. */
  firstPassAfterMs: number;
}

export interface PassResult {
  /** False when a listing failed: nothing was removed in that pass. */
  complete: boolean;
  outcomes: Record<string, ReconcileOutcome>;
  /** Repositories whose objects were found unserved, with what happened to them. */
  unserved: Record<string, "kept" | "pruned">;
}

export class Reconciler {
  readonly #ports: ReconcilerPorts;
  readonly #options: ReconcilerOptions;
  /** The repositories of the last pass, by lower-case name: what the watch can reconcile. */
  readonly #served = new Map<string, ServedRepository>();
  /** The drift last reported per repository (report mode says each drift once). */
  readonly #reported = new Map<string, string>();
  readonly #keptUnserved = new Set<string>();
  /** Heads found in sync, so an unchanged repository is not planned again every pass. */
  readonly #inSync = new Map<string, InSyncMark>();
  readonly #running = new Map<string, Promise<Reconciled | undefined>>();
  readonly #again = new Set<string>();
  readonly #debounce = new Map<string, NodeJS.Timeout>();
  #timer: NodeJS.Timeout | undefined;
  #passing: Promise<PassResult> | undefined;
  #stopped = true;

  constructor(ports: ReconcilerPorts, options: ReconcilerOptions) {
    this.#ports = ports;
    this.#options = options;
  }

  start(): void {
    this.#stopped = false;
    this.#schedule(this.#options.firstPassAfterMs);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    for (const timer of this.#debounce.values()) clearTimeout(timer);
    this.#debounce.clear();
    await this.#passing?.catch(() => {});
    await Promise.allSettled([...this.#running.values()]);
  }

  /** One pass over every served repository now (the timer runs them too). */
  pass(): Promise<PassResult> {
    this.#passing ??= this.#pass().finally(() => {
      this.#passing = undefined;
    });
    return this.#passing;
  }

  /** A synced object changed (the definition watch): reconcile its repository soon, unless coxswain wrote it. */
  touched(object: ArgoObject, deleted = false): void {
    if (this.#stopped || (!deleted && lastWrittenByCoxswain(object))) return;
    const key = this.#repositoryOf(object);
    if (!key) return;
    clearTimeout(this.#debounce.get(key));
    this.#debounce.set(
      key,
      setTimeout(() => {
        this.#debounce.delete(key);
        void this.reconcile(key);
      }, this.#options.debounceMs),
    );
  }

  /** Reconciles one served repository (by name); one at a time per repository. */
  async reconcile(fullName: string): Promise<Reconciled | undefined> {
    const key = fullName.toLowerCase();
    const running = this.#running.get(key);
    if (running) {
      this.#again.add(key);
      return running;
    }
    const work = (async () => {
      let result: Reconciled | undefined;
      do {
        this.#again.delete(key);
        const repository = this.#served.get(key);
        if (!repository) return undefined;
        result = await this.#reconcileOne(repository);
      } while (this.#again.has(key) && !this.#stopped);
      return result;
    })().finally(() => this.#running.delete(key));
    this.#running.set(key, work);
    return work;
  }

  async #pass(): Promise<PassResult> {
    const { services, log } = this.#ports;
    const listing = await this.#ports.listing.list();
    for (const repository of listing.repositories)
      this.#served.set(repository.fullName.toLowerCase(), repository);
    if (listing.complete) {
      const listed = new Set(listing.repositories.map((r) => r.fullName.toLowerCase()));
      for (const key of this.#served.keys()) if (!listed.has(key)) this.#served.delete(key);
    }
    const outcomes: Record<string, ReconcileOutcome> = {};
    const served = listing.repositories.filter(
      (repository) => namespaceForRepository(services.server, repository.fullName).ok,
    );
    await mapBounded(served, this.#options.concurrency, async (repository) => {
      const result = await this.reconcile(repository.fullName);
      if (result) outcomes[repository.fullName] = result.outcome;
    });
    const unserved = listing.complete
      ? await actOnUnserved(listing.repositories, services, log, this.#keptUnserved)
      : {};
    services.metrics?.reconcilePasses.inc({ outcome: listing.complete ? "complete" : "partial" });
    log.info(
      {
        repositories: served.length,
        notModified: listing.notModified,
        fetched: listing.fetched,
        complete: listing.complete,
        changed: Object.entries(outcomes).filter(([, outcome]) => outcome !== "in-sync").length,
      },
      "reconcile pass done",
    );
    return { complete: listing.complete, outcomes, unserved };
  }

  async #reconcileOne(repository: ServedRepository): Promise<Reconciled> {
    const { services, log } = this.#ports;
    let result: Reconciled;
    try {
      const octokit = await this.#ports.asInstallation(repository.installationId);
      result = await reconcileRepository(repository, octokit, {
        ...this.#ports,
        inSync: this.#inSync,
      });
    } catch (error) {
      log.warn(
        { err: error, repo: repository.fullName },
        "reconcile failed; trying at the next pass",
      );
      result = { outcome: "failed" };
    }
    services.metrics?.reconciledRepositories.inc({ outcome: result.outcome });
    const key = repository.fullName.toLowerCase();
    if (result.outcome === "in-sync") this.#reported.delete(key);
    if (result.drift) await this.#tell(key, result.drift);
    return result;
  }

  async #tell(key: string, found: DriftFound): Promise<void> {
    const { services, log } = this.#ports;
    if (found.action === "reported") {
      const fingerprint = JSON.stringify(
        found.drift.map((d) => [d.kind, d.name, d.change, d.fields]),
      );
      if (this.#reported.get(key) === fingerprint) return;
      this.#reported.set(key, fingerprint);
    }
    for (const item of found.drift)
      services.metrics?.drift.inc({ change: item.change, action: found.action });
    log.warn(
      {
        repo: found.repository,
        namespace: found.namespace,
        sha: found.commit,
        action: found.action,
        drift: found.drift,
      },
      found.action === "reverted" ? "drift put back from Git" : "drift left in place and reported",
    );
    await this.#ports
      .notifyDrift(found)
      .catch((error: unknown) => log.warn({ err: error }, "could not post the drift"));
  }

  #repositoryOf(object: ArgoObject): string | undefined {
    const named = object.metadata.annotations?.[annotationKeys.repoFullName]?.toLowerCase();
    if (named && this.#served.has(named)) return named;
    const id = object.metadata.labels?.[labelKeys.repoId];
    if (!id) return undefined;
    for (const [key, repository] of this.#served) if (String(repository.id) === id) return key;
    return undefined;
  }

  #schedule(afterMs: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(async () => {
      await this.pass().catch((error: unknown) =>
        this.#ports.log.warn({ err: error }, "reconcile pass failed; trying at the next one"),
      );
      this.#schedule(this.#options.everyMs * (0.9 + Math.random() * 0.2));
    }, afterMs);
    this.#timer.unref();
  }
}

/**
 * True when coxswain's own write is newer than anyone else's (managed fields keep whole
 * seconds: a tie counts as someone else's, and costs one plan that finds nothing).
 */
function lastWrittenByCoxswain(object: ArgoObject): boolean {
  const writers = writersOf(object);
  const ours = writers.find((writer) => writer.manager === fieldManager);
  const newestOther = writers.find((writer) => writer.manager !== fieldManager);
  return ours !== undefined && (newestOther === undefined || ours.time > newestOther.time);
}
