import { describe, expect, it } from "vitest";
import { metricsSchema } from "../../app/config/metrics-config.ts";
import { compareMetrics } from "../../app/report/compare-metrics.ts";

const metrics = metricsSchema.parse({
  accuracy: { better: "higher", threshold: 0.002, onRegression: "failure" },
  loss: { better: "lower" },
});
const baseline = {
  name: "train-main",
  commit: "b".repeat(40),
  outputs: { accuracy: "0.900", loss: "0.30" },
};

describe("comparing a run's metrics with the default branch's", () => {
  it.each([
    [{ accuracy: "0.950", loss: "0.20" }, ["better", "better"], undefined],
    [{ accuracy: "0.9015", loss: "0.30" }, ["same", "same"], undefined],
    [{ accuracy: "0.850", loss: "0.30" }, ["regression", "same"], "failure"],
    [{ accuracy: "0.950", loss: "0.35" }, ["better", "regression"], "neutral"],
  ])("reads %j as %j, check conclusion %s", (outputs, verdicts, conclusion) => {
    const result = compareMetrics(metrics, outputs, baseline);
    expect(result.rows.map((row) => row.verdict)).toEqual(verdicts);
    expect(result.conclusion).toBe(conclusion);
  });

  it("says a value is missing or not a number instead of comparing it", () => {
    const result = compareMetrics(metrics, { accuracy: "n/a" }, baseline);
    expect(result.rows.map((row) => [row.name, row.verdict])).toEqual([
      ["accuracy", "not-a-number"],
      ["loss", "missing"],
    ]);
    expect(result.conclusion).toBeUndefined();
  });

  it("has nothing to compare with when there is no baseline", () => {
    const result = compareMetrics(metrics, { accuracy: "0.9" }, undefined);
    expect(result.baseline).toBeUndefined();
    expect(result.rows.every((row) => row.verdict === "missing")).toBe(true);
  });
});
