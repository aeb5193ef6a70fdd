// Injected failures: answer the next matching requests with 429/500/503/504 like the real server.
import {
  type ApiError,
  failure,
  internalError,
  serviceUnavailable,
  tooManyRequests,
} from "./status.ts";

export interface FaultRule {
  method?: string;
  /** Matches request paths that start with this (e.g. "/apis/argoproj.io/v1alpha1/namespaces/ci"). */
  pathPrefix?: string;
  status: 429 | 500 | 503 | 504;
  /** How many matching requests fail (default 1). */
  times?: number;
  retryAfterSeconds?: number;
  message?: string;
}

export class FaultInjector {
  readonly #rules: (FaultRule & { remaining: number })[] = [];

  add(rule: FaultRule): void {
    this.#rules.push({ ...rule, remaining: rule.times ?? 1 });
  }

  clear(): void {
    this.#rules.length = 0;
  }

  /** The error for this request if a rule matches (consuming one use of it). */
  take(method: string, path: string): ApiError | undefined {
    const rule = this.#rules.find(
      (r) =>
        r.remaining > 0 &&
        (!r.method || r.method.toUpperCase() === method) &&
        (!r.pathPrefix || path.startsWith(r.pathPrefix)),
    );
    if (!rule) return undefined;
    rule.remaining--;
    switch (rule.status) {
      case 429:
        return tooManyRequests(rule.retryAfterSeconds ?? 1);
      case 500:
        return internalError(rule.message ?? "injected fault");
      case 503:
        return serviceUnavailable(rule.retryAfterSeconds);
      case 504:
        return failure(
          504,
          "Timeout",
          rule.message ??
            "Timeout: request did not complete within requested timeout - context deadline exceeded",
          {},
        );
    }
  }
}
