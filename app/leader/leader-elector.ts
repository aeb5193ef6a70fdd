// Leader election over a Lease, as client-go does it: the leader renews the lease; the others
// take it over once it has not changed for a whole lease duration by their own clock (no trust
// in other replicas' clocks). Exactly one replica at a time runs what only one may run (the
// watcher that reports runs, the pruner, the repair loop).
import type { Logger } from "pino";
import type { LeaseRecord, LeaseStore } from "../cluster/lease-store.ts";

export interface LeaderOptions {
  /** This replica's name in the lease (the pod name). */
  identity: string;
  leaseDurationMs: number;
  /** The leader steps down when it could not renew for this long (less than the duration). */
  renewDeadlineMs: number;
  /** How often the leader renews and the others look. */
  retryPeriodMs: number;
}

export interface LeaderDuties {
  /** Became leader: start the leader's work. */
  start(): Promise<void> | void;
  /** No longer leader (lost the lease, or shutting down): stop it. */
  stop(): Promise<void> | void;
}

export const defaultLeaderOptions = {
  leaseDurationMs: 15_000,
  renewDeadlineMs: 10_000,
  retryPeriodMs: 2_000,
};

export class LeaderElector {
  readonly #store: LeaseStore;
  readonly #options: LeaderOptions;
  readonly #duties: LeaderDuties;
  readonly #log: Logger;
  #leading = false;
  #running = false;
  #timer: NodeJS.Timeout | undefined;
  #lastRenew = 0;
  #observed: { resourceVersion: string; at: number } | undefined;
  #tick: Promise<void> = Promise.resolve();
  /** Times this replica became leader (for metrics and tests). */
  transitions = 0;

  constructor(store: LeaseStore, options: LeaderOptions, duties: LeaderDuties, log: Logger) {
    this.#store = store;
    this.#options = options;
    this.#duties = duties;
    this.#log = log.child({ name: "leader", identity: options.identity });
  }

  get isLeader(): boolean {
    return this.#leading;
  }

  start(): void {
    this.#running = true;
    this.#schedule(0);
  }

  /**
   * Stops taking part; a leader stops its duties and releases the lease for the next one.
   * `release: false` leaves the lease to expire (what a crash leaves behind).
   */
  async stop(options: { release?: boolean } = {}): Promise<void> {
    this.#running = false;
    clearTimeout(this.#timer);
    await this.#tick;
    if (!this.#leading) return;
    await this.#stepDown("shutting down");
    if (options.release === false) return;
    try {
      const current = await this.#store.get();
      if (current?.holder === this.#options.identity) {
        await this.#store.replace(
          current,
          {
            holder: undefined,
            durationSeconds: 1,
            renewTime: undefined,
            transitions: current.transitions,
          },
          false,
        );
      }
    } catch (error) {
      this.#log.warn({ err: error }, "could not release the lease; it expires by itself");
    }
  }

  #schedule(delay: number): void {
    if (!this.#running) return;
    this.#timer = setTimeout(() => {
      this.#tick = this.#round().finally(() => this.#schedule(this.#options.retryPeriodMs));
    }, delay);
  }

  async #round(): Promise<void> {
    try {
      if (this.#leading) await this.#renew();
      else await this.#tryAcquire();
    } catch (error) {
      this.#log.warn({ err: error }, "leader election round failed");
      if (this.#leading && Date.now() - this.#lastRenew > this.#options.renewDeadlineMs) {
        await this.#stepDown("could not renew the lease in time");
      }
    }
  }

  async #tryAcquire(): Promise<void> {
    const current = await this.#store.get();
    const durationSeconds = Math.ceil(this.#options.leaseDurationMs / 1000);
    if (!current) {
      if (await this.#store.create(this.#options.identity, durationSeconds)) await this.#lead();
      return;
    }
    if (current.holder && current.holder !== this.#options.identity && !this.#expired(current))
      return;
    const won = await this.#store.replace(
      current,
      {
        holder: this.#options.identity,
        durationSeconds,
        renewTime: undefined,
        transitions:
          current.holder === this.#options.identity ? current.transitions : current.transitions + 1,
      },
      true,
    );
    if (won) await this.#lead();
  }

  /** Expired when it has not changed for its whole duration, as seen from here. */
  #expired(current: LeaseRecord): boolean {
    const now = Date.now();
    if (this.#observed?.resourceVersion !== current.resourceVersion) {
      this.#observed = { resourceVersion: current.resourceVersion, at: now };
    }
    return now - this.#observed.at >= current.durationSeconds * 1000;
  }

  async #renew(): Promise<void> {
    const current = await this.#store.get();
    if (current?.holder !== this.#options.identity) {
      await this.#stepDown(`the lease is held by ${current?.holder ?? "nobody"}`);
      return;
    }
    const renewed = await this.#store.replace(
      current,
      {
        holder: this.#options.identity,
        durationSeconds: Math.ceil(this.#options.leaseDurationMs / 1000),
        renewTime: undefined,
        transitions: current.transitions,
      },
      false,
    );
    if (renewed) this.#lastRenew = Date.now();
    else if (Date.now() - this.#lastRenew > this.#options.renewDeadlineMs) {
      await this.#stepDown("could not renew the lease in time");
    }
  }

  async #lead(): Promise<void> {
    this.#leading = true;
    this.#lastRenew = Date.now();
    this.transitions++;
    this.#log.info("became leader");
    try {
      await this.#duties.start();
    } catch (error) {
      this.#log.error({ err: error }, "the leader's work did not start; stepping down");
      await this.#stepDown("its work did not start");
    }
  }

  async #stepDown(why: string): Promise<void> {
    if (!this.#leading) return;
    this.#leading = false;
    this.#log.info({ why }, "no longer leader");
    await this.#duties.stop();
  }
}
