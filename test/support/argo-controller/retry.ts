// processNodeRetries: once an attempt has finished, either the Retry node settles or another
// attempt `name(n)` starts. Backoff waits and retryStrategy.expression are not modelled.
import { type ShutdownStrategy, stoppedMessage } from "./shutdown.ts";
import { failedOrError, type NodePhase, type NodeStatus, type RetryStrategy } from "./types.ts";

export type RetryOutcome = { again: true } | { again: false; phase: NodePhase; message: string };

export function retryOutcome(
  strategy: RetryStrategy,
  attempts: NodeStatus[],
  shutdown: ShutdownStrategy,
): RetryOutcome {
  const last = attempts.at(-1);
  if (!last) return { again: true };
  if (!failedOrError(last.phase)) return { again: false, phase: "Succeeded", message: "" };
  // Checked before the retry policy and the limit: a shutdown never starts another attempt.
  if (shutdown) return { again: false, phase: last.phase, message: stoppedMessage(shutdown) };
  const policy = strategy.retryPolicy ?? "OnFailure";
  const onFailed = policy === "Always" || policy === "OnFailure";
  const onError = policy === "Always" || policy === "OnError";
  if ((last.phase === "Failed" && !onFailed) || (last.phase === "Error" && !onError)) {
    return { again: false, phase: last.phase, message: last.message ?? "" };
  }
  const limit =
    strategy.limit === undefined ? undefined : Number.parseInt(String(strategy.limit), 10);
  if (limit !== undefined && attempts.length > limit) {
    return { again: false, phase: last.phase, message: "No more retries left" };
  }
  return { again: true };
}
