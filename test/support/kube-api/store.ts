// The in-memory "etcd": objects per resource, one global resourceVersion counter, and a bounded
// history of changes so lists can be continued from a snapshot and watches can resume from an RV.
import { childObject, type JsonObject } from "./json.ts";
import type { ResourceType } from "./resources.ts";

export type ChangeType = "ADDED" | "MODIFIED" | "DELETED";

export interface Change {
  readonly rv: number;
  readonly resource: ResourceType;
  readonly key: string;
  readonly type: ChangeType;
  /** The object after the change; for DELETED the last state, stamped with the deletion RV. */
  readonly object: JsonObject;
  readonly previous: JsonObject | undefined;
}

export type ChangeListener = (change: Change) => void;

export class ObjectStore {
  #rv: number;
  #compactedRv: number;
  readonly #historyLimit: number;
  readonly #buckets = new Map<ResourceType, Map<string, JsonObject>>();
  readonly #history: Change[] = [];
  readonly #listeners = new Set<ChangeListener>();

  constructor(historyLimit: number, firstRv = 1) {
    this.#historyLimit = historyLimit;
    this.#rv = firstRv;
    this.#compactedRv = firstRv;
  }

  /** The latest resourceVersion handed out. */
  get resourceVersion(): number {
    return this.#rv;
  }

  /** The oldest resourceVersion whose state can still be reconstructed. */
  get compactedRv(): number {
    return this.#compactedRv;
  }

  #bucket(rt: ResourceType): Map<string, JsonObject> {
    let bucket = this.#buckets.get(rt);
    if (!bucket) {
      bucket = new Map();
      this.#buckets.set(rt, bucket);
    }
    return bucket;
  }

  /** The stored object (do not mutate; clone first). */
  get(rt: ResourceType, key: string): JsonObject | undefined {
    return this.#buckets.get(rt)?.get(key);
  }

  /** Current objects as [key, object] sorted by key, like an etcd range. */
  entries(rt: ResourceType): [string, JsonObject][] {
    return [...this.#bucket(rt).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  resources(): ResourceType[] {
    return [...this.#buckets.keys()];
  }

  /** Stores `object` under `key`, stamping metadata.resourceVersion; returns the stored object. */
  put(rt: ResourceType, key: string, object: JsonObject): JsonObject {
    const bucket = this.#bucket(rt);
    const previous = bucket.get(key);
    const stored = structuredClone(object);
    childObject(stored, "metadata").resourceVersion = String(++this.#rv);
    bucket.set(key, stored);
    this.#record({
      rv: this.#rv,
      resource: rt,
      key,
      type: previous ? "MODIFIED" : "ADDED",
      object: stored,
      previous,
    });
    return stored;
  }

  /** Removes the object; returns its last state stamped with the deletion RV. */
  remove(rt: ResourceType, key: string): JsonObject | undefined {
    const bucket = this.#bucket(rt);
    const previous = bucket.get(key);
    if (!previous) return undefined;
    bucket.delete(key);
    const last = structuredClone(previous);
    childObject(last, "metadata").resourceVersion = String(++this.#rv);
    this.#record({ rv: this.#rv, resource: rt, key, type: "DELETED", object: last, previous });
    return last;
  }

  #record(change: Change): void {
    this.#history.push(change);
    while (this.#history.length > this.#historyLimit) {
      const dropped = this.#history.shift();
      if (dropped) this.#compactedRv = dropped.rv;
    }
    for (const listener of this.#listeners) listener(change);
  }

  /** The objects of `rt` as they were at `rv`, sorted by key; undefined when compacted away. */
  snapshot(rt: ResourceType, rv: number): [string, JsonObject][] | undefined {
    if (rv < this.#compactedRv) return undefined;
    const state = new Map(this.#bucket(rt));
    for (let i = this.#history.length - 1; i >= 0; i--) {
      const change = this.#history[i];
      if (!change || change.rv <= rv) break;
      if (change.resource !== rt) continue;
      if (change.previous) state.set(change.key, change.previous);
      else state.delete(change.key);
    }
    return [...state.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** Changes of `rt` after `rv`, oldest first; undefined when `rv` is older than the history. */
  changesAfter(rt: ResourceType, rv: number): Change[] | undefined {
    if (rv < this.#compactedRv) return undefined;
    return this.#history.filter((c) => c.rv > rv && c.resource === rt);
  }

  /** Forgets all history, like an etcd compaction at the current revision. */
  compact(): void {
    this.#history.length = 0;
    this.#compactedRv = this.#rv;
  }

  subscribe(listener: ChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
