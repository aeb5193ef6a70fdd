// A pull request's run against its baseline (the same template's last Succeeded run on the
// default branch): each configured metric's value, the baseline's, the difference and whether
// it is a regression beyond the threshold. A missing baseline or a value that is not a
// number gives a clear note rather than a comparison.
import type { Metric, MetricsConfig } from "../config/metrics-config.ts";

export interface MetricComparison {
  name: string;
  value: string | undefined;
  baseline: string | undefined;
  delta?: number;
  verdict: "better" | "same" | "regression" | "missing" | "not-a-number";
  rule: Metric;
}

export interface Comparison {
  baseline?: { name: string; commit: string };
  rows: MetricComparison[];
  /** The strictest conclusion a regression asks for, if any. */
  conclusion?: "failure" | "neutral";
}

export function compareMetrics(
  metrics: MetricsConfig,
  outputs: Readonly<Record<string, string>>,
  baseline: { name: string; commit: string; outputs: Record<string, string> } | undefined,
): Comparison {
  const rows = Object.entries(metrics).map(([name, rule]): MetricComparison => {
    const value = outputs[name];
    const before = baseline?.outputs[name];
    if (value === undefined || before === undefined)
      return { name, value, baseline: before, verdict: "missing", rule };
    const now = Number(value);
    const then = Number(before);
    if (
      value.trim() === "" ||
      before.trim() === "" ||
      !Number.isFinite(now) ||
      !Number.isFinite(then)
    )
      return { name, value, baseline: before, verdict: "not-a-number", rule };
    const delta = now - then;
    const gain = rule.better === "higher" ? delta : -delta;
    const verdict = Math.abs(delta) <= rule.threshold ? "same" : gain > 0 ? "better" : "regression";
    return { name, value, baseline: before, delta, verdict, rule };
  });
  const asks = rows
    .filter((row) => row.verdict === "regression" && row.rule.onRegression !== "ignore")
    .map((row) => row.rule.onRegression as "failure" | "neutral");
  const conclusion = asks.includes("failure") ? "failure" : asks.length > 0 ? "neutral" : undefined;
  return {
    ...(baseline ? { baseline: { name: baseline.name, commit: baseline.commit } } : {}),
    rows,
    ...(conclusion ? { conclusion } : {}),
  };
}
