// What one GitHub answer says of the installation's rate limit: the x-ratelimit-* headers every
// answer carries, and, for a 403 or 429 that refused the request for its rate, until when to wait.
// (GitHub's rules: "Rate limits for the REST API", exceeding the primary and secondary limits.)

export interface RateLimitReading {
  limit?: number;
  remaining?: number;
  /** When the window resets (ms since the epoch). */
  resetAt?: number;
  /** Set when the answer refused the request for its rate: no request before this time (ms). */
  blockedUntil?: number;
  /** Which limit refused it: the hourly one, or a secondary one (bursts, concurrency). */
  refusedBy?: "primary" | "secondary";
}

export type HeaderValues = Record<string, string | number | undefined>;

/** GitHub: a secondary limit that names no wait means "wait at least one minute". */
const secondaryWaitMs = 60_000;
/** GitHub: after a primary limit, wait until the reset; one more second for clocks that differ. */
const afterResetMs = 1_000;

export function readRateLimit(
  status: number,
  headers: HeaderValues,
  message: string,
  now: number,
): RateLimitReading {
  const limit = numberOf(headers["x-ratelimit-limit"]);
  const remaining = numberOf(headers["x-ratelimit-remaining"]);
  const reset = numberOf(headers["x-ratelimit-reset"]);
  const reading: RateLimitReading = {
    limit,
    remaining,
    resetAt: reset === undefined ? undefined : reset * 1000,
  };
  if (status !== 403 && status !== 429) return reading;
  const retryAfter = numberOf(headers["retry-after"]);
  if (retryAfter !== undefined)
    return { ...reading, blockedUntil: now + retryAfter * 1000, refusedBy: "secondary" };
  if (remaining === 0 && reading.resetAt !== undefined)
    return { ...reading, blockedUntil: reading.resetAt + afterResetMs, refusedBy: "primary" };
  if (status === 429 || /secondary rate limit/i.test(message))
    return { ...reading, blockedUntil: now + secondaryWaitMs, refusedBy: "secondary" };
  return reading; // a 403 for another reason (permissions): not a rate limit
}

function numberOf(value: string | number | undefined): number | undefined {
  if (value === undefined || value === "") return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}
