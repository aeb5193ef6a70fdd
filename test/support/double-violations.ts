// What a test double was asked that no test declared, or that the real service would refuse.
// The double answers such a request as the service would; the code under test may swallow that
// answer, so the test fails when it finishes, naming every violation.
import nock from "nock";
import { afterAll, afterEach, expect, onTestFinished } from "vitest";

// The benchmarks use the doubles outside a test run: there nothing fails by itself, and
// `assertNone()` is theirs to call.
const inTestRun = Boolean(process.env.VITEST);

// Doubles made in a `beforeAll` serve every test of the file: a violation fails the test it
// happened in, and their listeners go when the file is done.
const fileWide = new Set<DoubleViolations>();
if (inTestRun) {
  afterEach(() => {
    for (const double of fileWide) double.assertNone();
  });
  afterAll(() => {
    for (const double of fileWide) double.release();
    fileWide.clear();
  });
}

export class DoubleViolations {
  readonly #double: string;
  readonly #found: string[] = [];
  readonly #cleanups: Array<() => void> = [];

  constructor(double: string) {
    this.#double = double;
    if (!inTestRun) return;
    if (expect.getState().currentTestName === undefined) {
      fileWide.add(this);
      return;
    }
    onTestFinished(() => {
      this.release();
      this.assertNone();
    });
  }

  add(violation: string): void {
    this.#found.push(violation);
  }

  /** Requests to `origin` that no interceptor matched count too (nock's error may be swallowed). */
  watchUnmatched(origin: string): void {
    if (!inTestRun) return;
    const unmatched = (request: Request) => {
      if (new URL(request.url).origin !== origin) return;
      this.add(`${request.method} ${request.url}: no test declared this request`);
    };
    nock.emitter.on("no match", unmatched);
    this.#cleanups.push(() => nock.emitter.off("no match", unmatched));
  }

  /** Hands over the violations found so far and forgets them (for the doubles' own tests). */
  take(): string[] {
    return this.#found.splice(0);
  }

  /** Throws, naming the violations found so far (and forgets them, so each fails one test). */
  assertNone(): void {
    const found = this.take();
    if (found.length === 0) return;
    throw new Error(`${this.#double} refused:\n- ${found.join("\n- ")}`);
  }

  /** Stops watching for unmatched requests. */
  release(): void {
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
  }
}
