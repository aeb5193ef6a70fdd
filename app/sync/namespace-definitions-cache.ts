// What the namespaces synced lately hold of the synced kinds, kept current by a watch per kind,
// so that a push's sync needs no list (a list of 200 templates costs the API server ~50 ms,
// the whole one-file sync's budget). A namespace is listed on its first sync, and watched from
// the list's resourceVersion until it has not been synced for `idleMs` or more namespaces than
// `maxNamespaces` are watched; a watch that ends (an error, a 410) drops the namespace, and its
// next sync lists again. What a watch holds may lag the cluster by the watch's delay: the sync
// applies a plan made from it only where the objects are still as seen (see sync-repository).
import type { ArgoCluster, WatchEventType, WatchHandle } from "../cluster/argo-cluster.ts";
import type { ArgoObject } from "../cluster/argo-kinds.ts";
import { type DefinitionKind, definitionKinds } from "../config/server-policy.ts";

export interface NamespaceDefinitions {
  objects: ArgoObject[];
  /** True when they come from the watch (they may lag), false when listed for this call. */
  watched: boolean;
}

export interface NamespaceCacheOptions {
  maxNamespaces: number;
  idleMs: number;
}

const defaults: NamespaceCacheOptions = { maxNamespaces: 32, idleMs: 30 * 60_000 };

export class NamespaceDefinitionsCache {
  readonly #cluster: ArgoCluster;
  readonly #options: NamespaceCacheOptions;
  /** Watched namespaces, least recently used first (a Map keeps insertion order). */
  readonly #watched = new Map<string, Promise<Watched>>();
  readonly #sweeper: NodeJS.Timeout;

  constructor(cluster: ArgoCluster, options: Partial<NamespaceCacheOptions> = {}) {
    this.#cluster = cluster;
    this.#options = { ...defaults, ...options };
    this.#sweeper = setInterval(() => this.#dropIdle(), Math.max(this.#options.idleMs / 4, 10));
    this.#sweeper.unref();
  }

  /** The namespace's objects of the synced kinds: the watch's copy, or listed (and watched). */
  async read(namespace: string): Promise<NamespaceDefinitions> {
    const existing = this.#watched.get(namespace);
    if (existing) {
      this.#touch(namespace, existing);
      const watched = await existing.catch(() => undefined);
      if (watched && !watched.ended) return { objects: watched.objects(), watched: true };
      this.#drop(namespace, existing); // its start failed or its watch ended since: start again
      return this.read(namespace);
    }
    const entry: { started?: Promise<Watched> } = {};
    const started = this.#start(namespace, () => {
      if (entry.started) this.#drop(namespace, entry.started);
    });
    entry.started = started;
    this.#watched.set(namespace, started);
    started.catch(() => this.#drop(namespace, started));
    this.#evictOverLimit();
    return { objects: (await started).objects(), watched: false };
  }

  /** An object a write returned: newer than what the watch may still deliver before it. */
  wrote(namespace: string, kind: DefinitionKind, object: ArgoObject): void {
    this.#watched.get(namespace)?.then((watched) => watched.saw(kind, object, false), ignore);
  }

  /** An object deleted by coxswain (`object` as last seen): no late event brings it back. */
  deleted(namespace: string, kind: DefinitionKind, object: ArgoObject): void {
    this.#watched.get(namespace)?.then((watched) => watched.saw(kind, object, true), ignore);
  }

  /** The namespaces watched now (for tests and metrics). */
  get namespaces(): string[] {
    return [...this.#watched.keys()];
  }

  close(): void {
    clearInterval(this.#sweeper);
    for (const namespace of [...this.#watched.keys()]) this.#dropNamespace(namespace);
  }

  /** Lists the namespace and watches it; `onEnd` is called when a watch ends. */
  async #start(namespace: string, onEnd: () => void): Promise<Watched> {
    const watched = new Watched(onEnd);
    try {
      const versions = await Promise.all(
        definitionKinds.map((kind) => this.#list(kind, namespace, watched)),
      );
      const started = await Promise.allSettled(
        definitionKinds.map((kind, index) =>
          this.#cluster.watch(
            kind,
            namespace,
            { resourceVersion: versions[index] ?? "" },
            (type, object) => watched.onEvent(kind, type, object),
            () => watched.end(),
          ),
        ),
      );
      const handles = started.flatMap((result) =>
        result.status === "fulfilled" ? [result.value] : [],
      );
      const failed = started.find((result) => result.status === "rejected");
      if (failed || watched.ended) {
        for (const handle of handles) handle.stop();
        throw failed?.reason ?? new Error(`the watch of namespace ${namespace} ended at once`);
      }
      watched.handles.push(...handles);
    } catch (error) {
      watched.end();
      throw error;
    }
    return watched;
  }

  /** Lists one kind into `watched`; resolves to the resourceVersion its watch starts from. */
  async #list(kind: DefinitionKind, namespace: string, watched: Watched): Promise<string> {
    let page = await this.#cluster.listPage(kind, namespace, {});
    const resourceVersion = page.resourceVersion;
    for (;;) {
      for (const object of page.items) watched.saw(kind, object, false);
      if (!page.continueToken) return resourceVersion;
      page = await this.#cluster.listPage(kind, namespace, { continueToken: page.continueToken });
    }
  }

  #touch(namespace: string, entry: Promise<Watched>): void {
    this.#watched.delete(namespace);
    this.#watched.set(namespace, entry);
    void entry.then((watched) => watched.touch()).catch(() => {});
  }

  #evictOverLimit(): void {
    while (this.#watched.size > this.#options.maxNamespaces) {
      const oldest = this.#watched.keys().next().value;
      if (oldest === undefined) return;
      this.#dropNamespace(oldest);
    }
  }

  #dropIdle(): void {
    const before = Date.now() - this.#options.idleMs;
    for (const [namespace, entry] of this.#watched) {
      void entry.then(
        (watched) => {
          if (watched.lastUsed < before) this.#drop(namespace, entry);
        },
        () => {},
      );
    }
  }

  #dropNamespace(namespace: string): void {
    const entry = this.#watched.get(namespace);
    if (entry) this.#drop(namespace, entry);
  }

  #drop(namespace: string, entry: Promise<Watched>): void {
    if (this.#watched.get(namespace) === entry) this.#watched.delete(namespace);
    void entry.then(
      (watched) => watched.end(),
      () => {},
    );
  }
}

/** One namespace's objects, as its watches report them. */
class Watched {
  readonly handles: WatchHandle[] = [];
  readonly #known = new Map<string, { object?: ArgoObject; version: number | undefined }>();
  readonly #onEnd: () => void;
  lastUsed = Date.now();
  ended = false;

  constructor(onEnd: () => void) {
    this.#onEnd = onEnd;
  }

  objects(): ArgoObject[] {
    return [...this.#known.values()].flatMap((known) => (known.object ? [known.object] : []));
  }

  touch(): void {
    this.lastUsed = Date.now();
  }

  onEvent(kind: DefinitionKind, type: WatchEventType, object: ArgoObject): void {
    if (type === "ADDED" || type === "MODIFIED") this.saw(kind, object, false);
    else if (type === "DELETED") this.saw(kind, object, true);
    else if (type === "ERROR") this.end(); // 410 Expired and the like: the next sync lists
  }

  /**
   * Keeps the newest state of an object. resourceVersions are compared where they are numbers
   * (etcd's are): a write's answer can overtake the watch's event for an older version.
   */
  saw(kind: DefinitionKind, object: ArgoObject, deleted: boolean): void {
    const key = `${kind}/${object.metadata.name}`;
    const version = versionOf(object);
    const known = this.#known.get(key);
    if (known?.version !== undefined && version !== undefined) {
      // An event for the version coxswain deleted, arriving after the delete, is not news either.
      if (version < known.version || (version === known.version && !known.object)) return;
    }
    this.#known.set(key, {
      ...(deleted ? {} : { object: { ...object, kind: object.kind ?? kind } }),
      version,
    });
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    for (const handle of this.handles) handle.stop();
    this.#onEnd();
  }
}

/** A namespace whose start failed has nothing to record into (its next read starts again). */
function ignore(): void {}

function versionOf(object: ArgoObject): number | undefined {
  const version = object.metadata.resourceVersion;
  return version && /^\d+$/.test(version) ? Number(version) : undefined;
}
