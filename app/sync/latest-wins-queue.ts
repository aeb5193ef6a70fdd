// Serialises work per key (one sync per repository at a time) and lets the newest request
// win: a request still waiting when a newer one arrives is dropped as superseded.
export interface QueueHandlers<T> {
  run(item: T): Promise<void>;
  superseded(item: T, by: T): Promise<void>;
}

interface Waiting<T> {
  item: T;
  settle: () => void;
  fail: (error: unknown) => void;
}

export class LatestWinsQueue<T> {
  readonly #handlers: QueueHandlers<T>;
  readonly #running = new Set<string>();
  readonly #waiting = new Map<string, Waiting<T>>();

  constructor(handlers: QueueHandlers<T>) {
    this.#handlers = handlers;
  }

  /** Resolves once the item has been run or dropped as superseded. */
  submit(key: string, item: T): Promise<void> {
    return new Promise((settle, fail) => {
      const older = this.#waiting.get(key);
      this.#waiting.set(key, { item, settle, fail });
      if (older) {
        this.#handlers.superseded(older.item, item).then(older.settle, older.fail);
      }
      if (!this.#running.has(key)) void this.#drain(key);
    });
  }

  async #drain(key: string): Promise<void> {
    this.#running.add(key);
    try {
      for (let next = this.#waiting.get(key); next; next = this.#waiting.get(key)) {
        this.#waiting.delete(key);
        try {
          await this.#handlers.run(next.item);
          next.settle();
        } catch (error) {
          next.fail(error);
        }
      }
    } finally {
      this.#running.delete(key);
    }
  }
}
