// One installation's share of GitHub: its reports wait here, final states before progress and one
// per run, and go out through a token bucket that spreads what the rate limit has left over what
// is left of its window, so the installation never runs dry before the reset. Progress never
// spends what the final reports of the runs in flight will need (up to a share of the window).
import type { Release } from "../watch/report-pacer.ts";
import type { RateLimitReading } from "./rate-limit.ts";

export interface Clock {
  now(): number;
  /** Calls `wake` after `ms`; returns how to cancel it. */
  after(ms: number, wake: () => void): () => void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  after(ms, wake) {
    const timer = setTimeout(wake, ms);
    return () => clearTimeout(timer);
  },
};

export interface LaneOptions {
  /** The hourly limit assumed before any answer has told it (GitHub's default for an installation). */
  defaultLimit: number;
  /** The window assumed until answers show its length. */
  defaultWindowMs: number;
  /** Share of the limit left to all else the App does for the installation (webhooks, syncs, commands). */
  reserveShare: number;
  /** Share of the limit that may go at once after a quiet spell. */
  burstShare: number;
  /**
   * The most of a window's spendable requests held back from progress for the final reports of
   * the runs in flight (the rest lets long runs still be seen moving).
   */
  finalsHoldShare: number;
  /** Reports of one installation written at the same time (more would only queue in the client). */
  maxInFlight: number;
  clock: Clock;
}

/** Why a request for a turn was folded into another of the same run. */
export type Folded = "newer-state" | "run-ended";

export interface LaneEvents {
  folded(reason: Folded): void;
  /** A report could not go at once and waits for the budget. */
  deferred(final: boolean): void;
}

interface Waiter {
  cost: number;
  grant(release: Release | undefined): void;
}

/** What a turn asks for: its requests, and for progress what the run's final report will need. */
export interface TurnCost {
  requests: number;
  finalRequests: number;
}

export class WriteLane {
  readonly #options: LaneOptions;
  readonly #events: LaneEvents;
  #limit: number;
  #remaining: number;
  #resetAt: number;
  /** Whether the window's reset and remaining are GitHub's word or our guess. */
  #known = false;
  #windowMs: number;
  #longestSeenInWindow = 0;
  #blockedUntil = 0;
  #tokens: number;
  #refilledAt: number;
  #inFlight = 0;
  readonly #finals = new Map<string, Waiter>();
  readonly #progress = new Map<string, Waiter>();
  /** The requests each run in flight will need for its final report. */
  readonly #owed = new Map<string, number>();
  #owedTotal = 0;
  #cancelWake: (() => void) | undefined;
  #stopped = false;

  constructor(options: LaneOptions, events: LaneEvents) {
    this.#options = options;
    this.#events = events;
    const now = options.clock.now();
    this.#limit = options.defaultLimit;
    this.#remaining = this.#limit;
    this.#windowMs = options.defaultWindowMs;
    this.#resetAt = now + this.#windowMs;
    this.#tokens = this.#capacity();
    this.#refilledAt = now;
  }

  /** What the installation has left in this window, as far as is known. */
  get remaining(): number {
    return this.#remaining;
  }

  get queued(): { finals: number; progress: number } {
    return { finals: this.#finals.size, progress: this.#progress.size };
  }

  /** Waits for run `key`'s turn to make its requests; see ReportPacer.turn. */
  turn(
    key: string,
    { requests: cost, finalRequests }: TurnCost,
    final: boolean,
  ): Promise<Release | undefined> {
    if (this.#stopped) return Promise.resolve(undefined);
    if (!final) this.#owe(key, finalRequests);
    if (final) {
      const waitingProgress = this.#progress.get(key);
      if (waitingProgress) {
        this.#progress.delete(key);
        waitingProgress.grant(undefined);
        this.#events.folded("run-ended");
      }
    } else if (this.#finals.has(key)) {
      this.#events.folded("run-ended");
      return Promise.resolve(undefined);
    }
    const queue = final ? this.#finals : this.#progress;
    const waiting = queue.get(key);
    if (waiting) {
      // The waiting write reads the run's newest state when its turn comes.
      waiting.cost = Math.max(waiting.cost, cost);
      this.#events.folded("newer-state");
      return Promise.resolve(undefined);
    }
    const turn = new Promise<Release | undefined>((grant) => queue.set(key, { cost, grant }));
    this.#pump();
    if (queue.has(key)) this.#events.deferred(final);
    return turn;
  }

  forget(key: string): void {
    this.#owe(key, 0);
    for (const queue of [this.#finals, this.#progress]) {
      queue.get(key)?.grant(undefined);
      queue.delete(key);
    }
  }

  /** What an answer said of the rate limit. */
  learn(reading: RateLimitReading): void {
    const now = this.#options.clock.now();
    this.#refill(now);
    if (reading.limit) this.#limit = reading.limit;
    const { remaining, resetAt } = reading;
    // An answer of a window that has ended (it came back late) says nothing of this one.
    if (remaining !== undefined && resetAt !== undefined && resetAt > now) {
      if (!this.#known || resetAt > this.#resetAt + 1_000) {
        // The first word from GitHub in this window, or a window that began after ours.
        this.#known = true;
        this.#resetAt = resetAt;
        this.#remaining = remaining;
        this.#longestSeenInWindow = 0;
      } else if (resetAt >= this.#resetAt - 1_000) {
        // Within a window what is left only goes down: the lower of GitHub's word (others spend
        // too) and our own count (requests still on their way are not in GitHub's yet).
        this.#remaining = Math.min(this.#remaining, remaining);
      }
      this.#longestSeenInWindow = Math.max(this.#longestSeenInWindow, this.#resetAt - now);
      this.#windowMs = Math.max(this.#longestSeenInWindow, 1_000);
    }
    if (reading.blockedUntil !== undefined) {
      this.#blockedUntil = Math.max(this.#blockedUntil, reading.blockedUntil);
      if (reading.refusedBy === "primary") this.#remaining = 0;
    }
    this.#pump();
  }

  stop(): void {
    this.#stopped = true;
    this.#cancelWake?.();
    for (const queue of [this.#finals, this.#progress]) {
      for (const waiter of queue.values()) waiter.grant(undefined);
      queue.clear();
    }
  }

  #pump(): void {
    this.#cancelWake?.();
    this.#cancelWake = undefined;
    if (this.#stopped) return;
    const now = this.#options.clock.now();
    this.#refill(now);
    while (this.#inFlight < this.#options.maxInFlight) {
      const final = this.#finals.size > 0;
      const [entry] = final ? this.#finals : this.#progress;
      if (!entry) return;
      const [key, waiter] = entry;
      const wait = this.#waitFor(waiter.cost, final, now);
      if (wait > 0) {
        this.#cancelWake = this.#options.clock.after(wait, () => this.#pump());
        return;
      }
      if (final) {
        this.#finals.delete(key);
        this.#owe(key, 0);
      } else {
        this.#progress.delete(key);
      }
      this.#tokens -= waiter.cost;
      this.#remaining -= waiter.cost;
      this.#inFlight++;
      let released = false;
      waiter.grant(() => {
        if (released) return;
        released = true;
        this.#inFlight--;
        this.#pump();
      });
    }
  }

  /** How long until `cost` requests may go (0: now). */
  #waitFor(cost: number, final: boolean, now: number): number {
    if (now < this.#blockedUntil) return this.#blockedUntil - now;
    const untilReset = Math.max(this.#resetAt - now, 1);
    // Progress waits for a final report to free what it held, or for the next window.
    if (this.#spendable() - cost < (final ? 0 : this.#heldForFinals())) return untilReset;
    // A final report goes as soon as the reserve allows, ahead of the even pace (runs that end
    // together are not made to wait for it); the tokens it takes make progress wait until the
    // pace catches up.
    if (final) return 0;
    const needed = Math.min(cost, this.#capacity()) - this.#tokens;
    if (needed <= 0) return 0;
    const rate = this.#rate(now);
    return rate > 0 ? Math.min(Math.ceil(needed / rate), untilReset) : untilReset;
  }

  #refill(now: number): void {
    if (now >= this.#resetAt) {
      // A new window: GitHub has not said when it ends yet, so it is taken to be as long as the last.
      this.#known = false;
      this.#remaining = this.#limit;
      this.#resetAt = now + this.#windowMs;
      this.#longestSeenInWindow = 0;
      this.#tokens = Math.max(this.#tokens, this.#capacity());
    } else {
      const earned = this.#rate(now) * (now - this.#refilledAt);
      this.#tokens = Math.min(this.#capacity(), this.#tokens + earned);
    }
    this.#refilledAt = now;
    // Never more at hand than the window has left beyond the reserve (others spend it too).
    this.#tokens = Math.min(this.#tokens, Math.max(0, this.#spendable()));
  }

  /** Tokens a millisecond: what progress may spend, spread evenly until the reset. */
  #rate(now: number): number {
    const unspent = this.#spendable() - this.#heldForFinals() - Math.max(this.#tokens, 0);
    return Math.max(unspent, 0) / Math.max(this.#resetAt - now, 1);
  }

  #owe(key: string, requests: number): void {
    this.#owedTotal += requests - (this.#owed.get(key) ?? 0);
    if (requests > 0) this.#owed.set(key, requests);
    else this.#owed.delete(key);
  }

  #heldForFinals(): number {
    const spendable = this.#limit - this.#reserve();
    return Math.min(this.#owedTotal, spendable * this.#options.finalsHoldShare);
  }

  #spendable(): number {
    return this.#remaining - this.#reserve();
  }

  #reserve(): number {
    return Math.floor(this.#limit * this.#options.reserveShare);
  }

  #capacity(): number {
    // Room for at least one final report (its update, comment update, listing and notification).
    return Math.max(Math.round(this.#limit * this.#options.burstShare), 4);
  }
}
