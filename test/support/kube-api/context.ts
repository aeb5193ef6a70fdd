// What the request handlers share: the store, the deferred garbage-collector queue, pruning, clock.
import { randomInt, randomUUID } from "node:crypto";
import { type AtomicFields, encodePath, noAtomicFields } from "./field-set.ts";
import type { ResourceType } from "./resources.ts";
import type { SchemaPruner } from "./schema-prune.ts";
import type { ObjectStore } from "./store.ts";

/** Runs deferred work (garbage collection) on later turns of the event loop, in order. */
export class DeferredQueue {
  readonly #tasks: (() => void)[] = [];
  readonly #delayMs: number;
  #scheduled = false;
  #idleWaiters: (() => void)[] = [];
  #timer: NodeJS.Timeout | undefined;

  /** `delayMs` 0 runs on the next turn of the event loop. */
  constructor(delayMs = 0) {
    this.#delayMs = delayMs;
  }

  push(task: () => void): void {
    this.#tasks.push(task);
    this.#schedule();
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    this.#timer = setTimeout(() => this.#run(), this.#delayMs);
  }

  #run(): void {
    this.#scheduled = false;
    const batch = this.#tasks.splice(0);
    for (const task of batch) task();
    if (this.#tasks.length > 0) {
      this.#schedule();
      return;
    }
    for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }

  /** Resolves once nothing is pending. */
  idle(): Promise<void> {
    if (!this.#scheduled) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#tasks.length = 0;
    this.#scheduled = false;
    for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }
}

export interface ApiContext {
  readonly store: ObjectStore;
  readonly gc: DeferredQueue;
  /** Undefined when unknown fields are kept (minimal CRDs). */
  readonly pruner: SchemaPruner | undefined;
  /** Which of Argo's CRDs the API plays: the full ones (typed, pruned) or the minimal ones. */
  readonly crds: "full" | "minimal";
}

const argoAtomicFields: AtomicFields = new Set([encodePath(["spec"]), encodePath(["status"])]);

/** The minimal CRDs mark spec and status `x-kubernetes-map-type: atomic`: one field each. */
export function atomicFieldsOf(ctx: ApiContext, rt: ResourceType): AtomicFields {
  return ctx.crds === "minimal" && rt.group === "argoproj.io" ? argoAtomicFields : noAtomicFields;
}

/** RFC 3339 with seconds, as metav1.Time serialises. */
export const timestamp = (date = new Date()) => date.toISOString().replace(/\.\d{3}Z$/, "Z");

export const newUid = () => randomUUID();

const SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
/** The 5-character suffix of generateName (k8s.io/apimachinery/pkg/util/rand). */
export const randomSuffix = () =>
  Array.from({ length: 5 }, () => SUFFIX_ALPHABET[randomInt(SUFFIX_ALPHABET.length)]).join("");
