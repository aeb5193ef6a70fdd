// Watches every Workflow coxswain manages, in every namespace, and hands each change to the
// reporter. Level-triggered: it lists first and after every watch error or expiry (410), so a
// run that changed while nobody watched is still reported. With `kind`, it watches the synced
// definitions the same way (the reconciler puts back what changed outside Git).
import type { Logger } from "pino";
import type { ArgoCluster, WatchHandle } from "../cluster/argo-cluster.ts";
import type { ArgoObject, ClusterKind } from "../cluster/argo-kinds.ts";
import { managedSelector } from "../cluster/labels.ts";

export interface RunEvents {
  observe(workflow: ArgoObject): Promise<void>;
  forget(workflow: ArgoObject): void;
}

export interface RunWatcherOptions {
  /** Backoff after a failed list or watch, doubled up to `maxBackoffMs`. */
  backoffMs: number;
  maxBackoffMs: number;
  /** Watch one namespace instead of all of them. */
  namespace?: string;
  /** Told each time the watch starts again after the first (for metrics). */
  onRestart?: () => void;
  /** What it watches (default Workflow: runs). */
  kind: ClusterKind;
}

const selector = managedSelector;

export class RunWatcher {
  readonly #cluster: ArgoCluster;
  readonly #events: RunEvents;
  readonly #log: Logger;
  readonly #options: RunWatcherOptions;
  #handle: WatchHandle | undefined;
  #stopped = true;
  #backoff: number;
  #restart: NodeJS.Timeout | undefined;
  /** Times the watch was (re)started: after the first list, after each error or expiry. */
  watchStarts = 0;

  constructor(
    cluster: ArgoCluster,
    events: RunEvents,
    log: Logger,
    options: Partial<RunWatcherOptions> = {},
  ) {
    this.#cluster = cluster;
    this.#events = events;
    this.#log = log;
    this.#options = { backoffMs: 500, maxBackoffMs: 30_000, kind: "Workflow", ...options };
    this.#backoff = this.#options.backoffMs;
  }

  /** Resolves once the first list has been handed over and the watch runs. */
  async start(): Promise<void> {
    this.#stopped = false;
    await this.#listAndWatch();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#restart);
    this.#handle?.stop();
    this.#handle = undefined;
  }

  async #listAndWatch(): Promise<void> {
    if (this.#stopped) return;
    try {
      const first = await this.#cluster.listPage(this.#options.kind, this.#options.namespace, {
        labelSelector: selector,
      });
      let page = first;
      for (;;) {
        for (const workflow of page.items) await this.#events.observe(workflow);
        if (!page.continueToken) break;
        page = await this.#cluster.listPage(this.#options.kind, this.#options.namespace, {
          labelSelector: selector,
          continueToken: page.continueToken,
        });
      }
      if (this.#stopped) return;
      this.#handle = await this.#cluster.watch(
        this.#options.kind,
        this.#options.namespace,
        { labelSelector: selector, resourceVersion: first.resourceVersion },
        (type, object) => this.#onEvent(type, object),
        (error) => this.#onDone(error),
      );
      this.watchStarts++;
      if (this.watchStarts > 1) this.#options.onRestart?.();
      this.#backoff = this.#options.backoffMs;
    } catch (error) {
      this.#log.warn({ err: error, kind: this.#options.kind }, "listing failed; retrying");
      this.#scheduleRestart();
    }
  }

  #onEvent(type: string, object: ArgoObject): void {
    if (type === "ADDED" || type === "MODIFIED") {
      void this.#events
        .observe(object)
        .catch((error) =>
          this.#log.warn({ err: error, kind: this.#options.kind }, "handling a change failed"),
        );
    } else if (type === "DELETED") {
      this.#events.forget(object);
    } else if (type === "ERROR") {
      // 410 Expired and the like: the watch cannot continue from here; list again.
      this.#log.info(
        { status: object, kind: this.#options.kind },
        "watch ended with an error event; listing again",
      );
      this.#handle?.stop();
    }
  }

  #onDone(error: unknown): void {
    this.#handle = undefined;
    if (this.#stopped) return;
    if (error)
      this.#log.info({ err: error, kind: this.#options.kind }, "watch ended; listing again");
    this.#scheduleRestart();
  }

  #scheduleRestart(): void {
    if (this.#stopped || this.#restart) return;
    const wait = this.#backoff;
    this.#backoff = Math.min(this.#backoff * 2, this.#options.maxBackoffMs);
    this.#restart = setTimeout(() => {
      this.#restart = undefined;
      void this.#listAndWatch();
    }, wait);
  }
}
