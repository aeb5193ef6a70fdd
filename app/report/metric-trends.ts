// A pipeline's metrics over time, for the run history's charts: each Succeeded run's value, the
// default branch's runs as the line and pull requests' runs as points beside it. A point is a
// regression when it is worse than the default branch's value before it by more than the
// metric's threshold (the same rule a pull request's check run is judged by).
import type { Metric, MetricsConfig } from "../config/metrics-config.ts";
import type { RunRecord } from "../ledger/run-record.ts";

export interface TrendPoint {
  /** When the run finished (epoch ms). */
  at: number;
  value: number;
  run: string;
  commit: string;
  pr?: number;
  /** The change from the default branch's value before it, when there was one. */
  delta?: number;
  regressed: boolean;
}

export interface MetricTrend {
  name: string;
  better?: "higher" | "lower";
  threshold?: number;
  points: TrendPoint[];
}

/** Charts drawn when a repository declares no metrics: its numeric outputs, this many at most. */
const maxUndeclared = 6;

/** `records` oldest first, as RunLedger.metricHistory answers. */
export function metricTrends(records: readonly RunRecord[], metrics: MetricsConfig): MetricTrend[] {
  const declared = Object.keys(metrics);
  const names = declared.length > 0 ? declared : numericOutputs(records).slice(0, maxUndeclared);
  return names.map((name) => {
    const rule = metrics[name];
    return {
      name,
      ...(rule ? { better: rule.better, threshold: rule.threshold } : {}),
      points: pointsOf(records, name, rule),
    };
  });
}

/** Each value, compared with the default branch's value before it. */
function pointsOf(
  records: readonly RunRecord[],
  name: string,
  rule: Metric | undefined,
): TrendPoint[] {
  let baseline: number | undefined;
  const points: TrendPoint[] = [];
  for (const record of records) {
    const value = numberOf(record.outputs[name]);
    if (value === undefined || record.finishedAt === undefined) continue;
    const delta = baseline === undefined ? undefined : value - baseline;
    points.push({
      at: record.finishedAt,
      value,
      run: record.name,
      commit: record.commit,
      ...(record.pr !== undefined ? { pr: record.pr } : {}),
      ...(delta !== undefined ? { delta } : {}),
      regressed: isRegression(delta, rule),
    });
    if (record.pr === undefined) baseline = value;
  }
  return points;
}

function isRegression(delta: number | undefined, rule: Metric | undefined): boolean {
  if (delta === undefined || !rule) return false;
  const worse = rule.better === "higher" ? -delta : delta;
  return worse > rule.threshold;
}

function numberOf(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

function numericOutputs(records: readonly RunRecord[]): string[] {
  const names = new Set<string>();
  for (const record of records)
    for (const [name, value] of Object.entries(record.outputs))
      if (numberOf(value) !== undefined) names.add(name);
  return [...names].sort();
}
