// Compares a pull request's ended run with the default branch's last successful run of the
// same template, from the run ledger, on the metrics its run carries.
import { annotationKeys, labelKeys } from "../cluster/labels.ts";
import { type MetricsConfig, metricsSchema } from "../config/metrics-config.ts";
import type { RunLedger } from "../ledger/run-ledger.ts";
import { compareMetrics } from "../report/compare-metrics.ts";
import type { CompareRun } from "./run-report-sink.ts";

export function metricsBaseline(ledger: RunLedger | undefined): CompareRun {
  return async (workflow, run) => {
    const raw = workflow.metadata.annotations?.[annotationKeys.metrics];
    const pr = workflow.metadata.labels?.[labelKeys.pr];
    const repo = workflow.metadata.annotations?.[annotationKeys.repoFullName];
    if (!raw || !pr || !repo || !ledger) return undefined;
    let metrics: MetricsConfig;
    try {
      metrics = metricsSchema.parse(JSON.parse(raw));
    } catch {
      return undefined;
    }
    const baseline = await ledger.baseline(run.namespace, repo, run.template);
    const outputs = Object.fromEntries(run.outputs.map((output) => [output.name, output.value]));
    return compareMetrics(metrics, outputs, baseline);
  };
}
