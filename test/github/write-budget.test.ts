// The GitHub write budget on a clock the test moves: what it assumes before GitHub says anything,
// the order it serves reports in, what it folds, how it spreads a window, and how it waits
// after GitHub refuses a request for its rate.
import { describe, expect, it } from "vitest";
import { readRateLimit } from "../../app/github/rate-limit.ts";
import { defaultLaneOptions } from "../../app/github/write-budget.ts";
import { type Clock, type LaneOptions, WriteLane } from "../../app/github/write-lane.ts";

const start = Date.parse("2026-11-23T10:00:00Z");

/** A clock that moves only when the test says; timers fire in order as it passes them. */
function manualClock() {
  let now = start;
  let timers: Array<{ at: number; wake: () => void }> = [];
  const clock: Clock = {
    now: () => now,
    after(ms, wake) {
      const timer = { at: now + ms, wake };
      timers.push(timer);
      return () => {
        timers = timers.filter((t) => t !== timer);
      };
    },
  };
  return {
    clock,
    async advance(ms: number) {
      const end = now + ms;
      for (;;) {
        await settle();
        const next = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!next) break;
        timers = timers.filter((t) => t !== next);
        now = next.at;
        next.wake();
      }
      now = end;
      await settle();
    },
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

function laneWith(clock: Clock, options: Partial<LaneOptions> = {}) {
  const folded: string[] = [];
  const deferred: boolean[] = [];
  const lane = new WriteLane(
    { ...defaultLaneOptions, clock, ...options },
    { folded: (reason) => folded.push(reason), deferred: (final) => deferred.push(final) },
  );
  return { lane, folded, deferred };
}

/** Asks for a turn and records when it is granted; the write is done at once. */
function writer(lane: WriteLane, clock: Clock) {
  const granted: Array<{ key: string; at: number }> = [];
  const given: string[] = [];
  return {
    granted,
    given,
    ask(key: string, cost: number, final = false, finalRequests = 0) {
      void lane.turn(key, { requests: cost, finalRequests }, final).then((release) => {
        if (!release) return given.push(key);
        granted.push({ key, at: clock.now() });
        release();
      });
    },
  };
}

/** What GitHub's answer says: `limit`, `remaining`, and a reset `resetInMs` from now. */
function answer(clock: Clock, limit: number, remaining: number, resetInMs: number, status = 200) {
  const headers = {
    "x-ratelimit-limit": String(limit),
    "x-ratelimit-remaining": String(remaining),
    "x-ratelimit-reset": String(Math.ceil((clock.now() + resetInMs) / 1000)),
  };
  return readRateLimit(status, headers, "", clock.now());
}

describe("the installation's write budget", () => {
  it("assumes 5,000 requests an hour before GitHub has said anything, and spreads them so 10% is left at the reset", async () => {
    const { clock, advance } = manualClock();
    const { lane } = laneWith(clock);
    const w = writer(lane, clock);
    for (let i = 0; i < 6_000; i++) w.ask(`run-${i}`, 1);
    await advance(0);
    expect(w.granted).toHaveLength(100); // 2% at once
    await advance(60_000);
    expect(w.granted.length).toBeLessThan(100 + 80);
    await advance(3_540_000 - 1);
    expect(w.granted.length).toBeGreaterThan(4_450);
    expect(w.granted.length).toBeLessThanOrEqual(4_500);
  });

  it("serves every final report before any waiting progress, in the order they came", async () => {
    const { clock, advance } = manualClock();
    const { lane, deferred } = laneWith(clock);
    lane.learn(answer(clock, 5_000, 0, 10_000, 403)); // spent: nothing goes until the reset
    const w = writer(lane, clock);
    for (const key of ["a", "b", "c"]) w.ask(key, 2);
    for (const key of ["x", "y"]) w.ask(key, 4, true);
    await advance(5_000);
    expect(w.granted).toEqual([]);
    await advance(6_000);
    expect(w.granted.map((g) => g.key)).toEqual(["x", "y", "a", "b", "c"]);
    expect(deferred).toEqual([false, false, false, true, true]);
  });

  it("keeps one waiting report per run: a newer state folds into it, and the run's end replaces it", async () => {
    const { clock, advance } = manualClock();
    const { lane, folded } = laneWith(clock);
    lane.learn(answer(clock, 5_000, 0, 10_000, 403));
    const w = writer(lane, clock);
    w.ask("a", 2);
    w.ask("a", 2);
    w.ask("a", 2);
    w.ask("b", 2);
    w.ask("b", 4, true);
    w.ask("b", 2); // a progress write of a run that ended is not made
    await advance(12_000);
    expect(w.granted.map((g) => g.key)).toEqual(["b", "a"]);
    expect(folded).toEqual(["newer-state", "newer-state", "run-ended", "run-ended"]);
    expect(lane.queued).toEqual({ finals: 0, progress: 0 });
  });

  it("spreads a window of 20 requests so the installation is never at 0 before the reset", async () => {
    const { clock, advance } = manualClock();
    const { lane } = laneWith(clock);
    // GitHub's side: the window, what is left of it, and every grant spending from it.
    let remaining = 20;
    let resetAt = start + 60_000;
    const w = writer(lane, clock);
    const spend = () => {
      remaining -= 1;
      lane.learn(answer(clock, 20, remaining, resetAt - clock.now()));
    };
    lane.learn(answer(clock, 20, remaining, 60_000));
    const lowest: number[] = [];
    for (let i = 0; i < 60; i++) w.ask(`run-${i}`, 1);
    for (let second = 0; second < 120; second++) {
      const before = w.granted.length;
      await advance(1_000);
      if (clock.now() >= resetAt) {
        remaining = 20;
        resetAt += 60_000;
      }
      for (let i = before; i < w.granted.length; i++) spend();
      lowest.push(remaining);
    }
    // The reserve, 10% of the limit, is left to the rest of the App; the window is still used.
    expect(Math.min(...lowest)).toBeGreaterThanOrEqual(2);
    const firstWindow = w.granted.filter((g) => g.at < start + 60_000);
    expect(firstWindow.length).toBeGreaterThanOrEqual(16);
    const secondWindow = w.granted.filter((g) => g.at >= start + 60_000 && g.at < start + 120_000);
    expect(secondWindow.length).toBeGreaterThanOrEqual(16);
    // Spread: no more than the burst of 4 in any ten seconds after the first.
    for (let from = start + 10_000; from < start + 60_000; from += 10_000) {
      const inWindow = firstWindow.filter((g) => g.at >= from && g.at < from + 10_000);
      expect(inWindow.length).toBeLessThanOrEqual(4);
    }
  });

  it("holds back from progress what the runs in flight need for their final reports, up to 3/4 of the window", async () => {
    const { clock, advance } = manualClock();
    const { lane } = laneWith(clock);
    lane.learn(answer(clock, 100, 100, 60_000)); // 90 to spend beyond the reserve of 10
    const w = writer(lane, clock);
    // 10 runs in flight, each to need 4 requests when it ends: 40 held back, 50 for progress.
    for (let round = 0; round < 10; round++)
      for (let run = 0; run < 10; run++) w.ask(`run-${run}:${round}`, 1, false, 0);
    for (let run = 0; run < 10; run++) w.ask(`run-${run}`, 1, false, 4);
    await advance(30_000);
    expect(w.granted.length).toBeLessThanOrEqual(4 + 25); // the burst, then 50 spread over 60 s
    await advance(29_000);
    const progress = w.granted.length;
    expect(progress).toBeGreaterThanOrEqual(48);
    expect(progress).toBeLessThanOrEqual(50);
    // Their ends, in the window's last second, are served at once from what was held.
    for (let run = 0; run < 10; run++) w.ask(`run-${run}`, 4, true);
    await advance(0);
    const finals = w.granted.slice(progress);
    expect(finals.map((g) => g.key).sort()).toEqual(
      Array.from({ length: 10 }, (_, run) => `run-${run}`).sort(),
    );
    // 30 runs in flight would hold 120: no more than 3/4 of the 90 is held from progress.
    const { lane: busy } = laneWith(clock);
    busy.learn(answer(clock, 100, 100, 60_000));
    const b = writer(busy, clock);
    for (let run = 0; run < 30; run++) b.ask(`run-${run}`, 1, false, 4);
    for (let more = 0; more < 30; more++) b.ask(`more-${more}`, 1);
    await advance(59_000);
    // What 67.5 held back leaves of 90, in whole requests.
    expect(b.granted.length).toBeGreaterThanOrEqual(20);
    expect(b.granted.length).toBeLessThanOrEqual(22);
  });

  it("waits until the reset, and one second more, after a 403 that says nothing is left", async () => {
    const { clock, advance } = manualClock();
    const { lane } = laneWith(clock);
    lane.learn(answer(clock, 5_000, 0, 30_000, 403));
    const w = writer(lane, clock);
    w.ask("final", 4, true);
    await advance(30_999);
    expect(w.granted).toEqual([]);
    await advance(1);
    expect(w.granted).toEqual([{ key: "final", at: start + 31_000 }]);
  });

  it("waits as long as a secondary limit's retry-after says", async () => {
    const { clock, advance } = manualClock();
    const { lane } = laneWith(clock);
    lane.learn(
      readRateLimit(
        403,
        { "retry-after": "45", "x-ratelimit-remaining": "4000" },
        "You have exceeded a secondary rate limit.",
        clock.now(),
      ),
    );
    const w = writer(lane, clock);
    w.ask("final", 4, true);
    await advance(44_999);
    expect(w.granted).toEqual([]);
    await advance(1);
    expect(w.granted).toHaveLength(1);
  });

  it("gives up the waiting turns of a run it is told to forget, and all of them when stopped", async () => {
    const { clock, advance } = manualClock();
    const { lane } = laneWith(clock);
    lane.learn(answer(clock, 5_000, 0, 10_000, 403));
    const w = writer(lane, clock);
    w.ask("a", 2);
    w.ask("b", 4, true);
    lane.forget("a");
    await advance(0);
    expect(w.given).toEqual(["a"]);
    lane.stop();
    await advance(20_000);
    expect(w.given).toEqual(["a", "b"]);
    expect(w.granted).toEqual([]);
  });
});

describe("reading GitHub's rate-limit answer", () => {
  const now = start;
  const reset = String(start / 1000 + 600);
  it.each([
    ["a 200", 200, { "x-ratelimit-remaining": "10", "x-ratelimit-reset": reset }, "", undefined],
    [
      "a 403 with nothing left",
      403,
      { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset },
      "API rate limit exceeded",
      { blockedUntil: start + 601_000, refusedBy: "primary" },
    ],
    [
      "a 429 with retry-after",
      429,
      { "retry-after": "30", "x-ratelimit-remaining": "100" },
      "",
      { blockedUntil: start + 30_000, refusedBy: "secondary" },
    ],
    [
      "a secondary limit that names no wait (a minute)",
      403,
      {},
      "You have exceeded a secondary rate limit",
      { blockedUntil: start + 60_000, refusedBy: "secondary" },
    ],
    [
      "a 403 for a missing permission",
      403,
      { "x-ratelimit-remaining": "4000", "x-ratelimit-reset": reset },
      "Resource not accessible by integration",
      undefined,
    ],
  ] as const)("%s", (_, status, headers, message, refusal) => {
    const reading = readRateLimit(status, headers, message, now);
    if (refusal) expect(reading).toMatchObject(refusal);
    else expect(reading.blockedUntil).toBeUndefined();
  });
});
