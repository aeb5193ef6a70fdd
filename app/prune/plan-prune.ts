// Which finished runs retention deletes: per template (of a repository, in a namespace), the
// newest `keepLast` stay unless older than `maxAge`. A pure decision over what was listed.
import type { Retention } from "../config/retention-config.ts";

export interface FinishedRun {
  namespace: string;
  name: string;
  uid: string;
  repo: string;
  template: string;
  /** Epoch milliseconds. */
  finishedAt: number;
}

export interface PruneDecision {
  run: FinishedRun;
  reason: "keepLast" | "maxAge";
  /** Why, for a person: "22nd newest, keepLast 20" or "finished 9d ago, maxAge 7d". */
  why: string;
}

export function planPrune(
  runs: readonly FinishedRun[],
  retentionOf: (run: FinishedRun) => Retention,
  now: number,
): PruneDecision[] {
  const groups = new Map<string, FinishedRun[]>();
  for (const run of runs) {
    const key = `${run.namespace}\u0000${run.repo}\u0000${run.template}`;
    const group = groups.get(key);
    if (group) group.push(run);
    else groups.set(key, [run]);
  }
  const decisions: PruneDecision[] = [];
  for (const group of groups.values()) {
    group.sort((a, b) => b.finishedAt - a.finishedAt || a.name.localeCompare(b.name));
    group.forEach((run, index) => {
      const rule = retentionOf(run);
      const ageSeconds = Math.floor((now - run.finishedAt) / 1000);
      if (index >= rule.keepLast) {
        decisions.push({
          run,
          reason: "keepLast",
          why: `${ordinal(index + 1)} newest of ${run.template}, keepLast ${rule.keepLast}`,
        });
      } else if (ageSeconds > rule.maxAgeSeconds) {
        decisions.push({
          run,
          reason: "maxAge",
          why: `finished ${age(ageSeconds)} ago, maxAge ${age(rule.maxAgeSeconds)}`,
        });
      }
    });
  }
  return decisions;
}

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? "th" : ({ 1: "st", 2: "nd", 3: "rd" }[n % 10] ?? "th");
  return `${n}${suffix}`;
}

function age(seconds: number): string {
  if (seconds >= 86_400) return `${Math.floor(seconds / 86_400)}d`;
  if (seconds >= 3600) return `${Math.floor(seconds / 3600)}h`;
  if (seconds >= 60) return `${Math.floor(seconds / 60)}m`;
  return `${seconds}s`;
}
