// How many times a step or task runs: withItems, withParam or withSequence.
import type { TemplateInvocation } from "../../argo/lint/argo-document.ts";
import { isRecord } from "../../argo/lint/yaml-value.ts";

/** A label suffix such as `×3` or `× items`, or "" when the step runs once. */
export function fanOutSuffix(invocation: TemplateInvocation): string {
  if (Array.isArray(invocation.withItems)) return `×${invocation.withItems.length}`;
  if (typeof invocation.withParam === "string") return "× items";
  const sequence = invocation.withSequence;
  if (!isRecord(sequence)) return "";
  const count = wholeNumber(sequence.count);
  if (count !== undefined) return `×${count}`;
  const start = wholeNumber(sequence.start ?? 0);
  const end = wholeNumber(sequence.end);
  if (start !== undefined && end !== undefined) return `×${Math.abs(end - start) + 1}`;
  return "× sequence";
}

function wholeNumber(value: unknown): number | undefined {
  const number = typeof value === "string" && /^\d+$/.test(value.trim()) ? Number(value) : value;
  return typeof number === "number" && Number.isInteger(number) ? number : undefined;
}
