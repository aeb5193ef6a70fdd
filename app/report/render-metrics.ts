// The metrics section of a pull request's run report: each metric next to the default
// branch's last successful run, the change, and what it means.
import type { Comparison, MetricComparison } from "./compare-metrics.ts";
import { code, escapeMarkdown } from "./markdown.ts";

const verdicts: Record<MetricComparison["verdict"], string> = {
  better: "✅ better",
  same: "≈ same",
  regression: "⚠️ regression",
  missing: "— not reported",
  "not-a-number": "— not a number",
};

export function renderMetrics(comparison: Comparison, template: string): string {
  if (comparison.rows.length === 0) return "";
  if (!comparison.baseline) {
    return `**Metrics**\n\n_No successful run of ${code(template)} on the default branch yet: nothing to compare ${comparison.rows.map((row) => code(row.name)).join(", ")} with._`;
  }
  const lines = [
    `**Metrics** against ${code(comparison.baseline.name)}, the last successful run of ${code(template)} on the default branch (commit ${escapeMarkdown(comparison.baseline.commit.slice(0, 7))})`,
    "",
    "| metric | this run | default branch | change | |",
    "| --- | --- | --- | --- | --- |",
  ];
  for (const row of comparison.rows) {
    const change =
      row.delta === undefined
        ? ""
        : `${row.delta >= 0 ? "+" : "−"}${formatNumber(Math.abs(row.delta))}`;
    const limit = row.rule.threshold > 0 ? `, ±${row.rule.threshold} is noise` : "";
    lines.push(
      `| ${escapeMarkdown(row.name)} (${row.rule.better} is better${limit}) | ${row.value === undefined ? "—" : code(row.value, "table")} | ${row.baseline === undefined ? "—" : code(row.baseline, "table")} | ${change} | ${verdicts[row.verdict]} |`,
    );
  }
  if (comparison.conclusion) {
    lines.push(
      "",
      `A regression marks the check run **${comparison.conclusion}** (\`metrics.<name>.onRegression\` in .github/coxswain.yml).`,
    );
  }
  return lines.join("\n");
}

function formatNumber(value: number): string {
  return Number(value.toPrecision(6)).toString();
}
