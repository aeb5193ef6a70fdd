// Webhook handlers still running. Probot may answer GitHub before a long handler ends (after
// 9 s), so closing the HTTP server alone does not wait for them; shutdown waits here too.
export class InFlight {
  readonly #running = new Set<Promise<unknown>>();

  track<T>(work: Promise<T>): Promise<T> {
    this.#running.add(work);
    const done = () => this.#running.delete(work);
    work.then(done, done);
    return work;
  }

  get count(): number {
    return this.#running.size;
  }

  /** Resolves when everything tracked so far has settled. */
  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
  }
}
