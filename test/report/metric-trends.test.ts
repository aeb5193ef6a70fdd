// A pipeline's metric trend: the default branch's values as the line, pull requests' beside it,
// each compared with the default branch's value before it by the declared rule.
import { describe, expect, it } from "vitest";
import { metricTrends } from "../../app/report/metric-trends.ts";
import { runRecord } from "../support/run-records.ts";

const at = (hour: number) => Date.UTC(2026, 10, 1, hour);
const records = [
  runRecord("main-1", {
    pr: undefined,
    finishedAt: at(1),
    outputs: { accuracy: "0.90", loss: "0.3" },
  }),
  runRecord("pr-1", { pr: 7, finishedAt: at(2), outputs: { accuracy: "0.85" } }),
  runRecord("pr-2", { pr: 8, finishedAt: at(3), outputs: { accuracy: "0.895" } }),
  runRecord("main-2", {
    pr: undefined,
    finishedAt: at(4),
    outputs: { accuracy: "0.80", note: "n/a" },
  }),
  runRecord("pr-3", { pr: 9, finishedAt: at(5), outputs: { accuracy: "0.95" } }),
  runRecord("odd", { pr: undefined, finishedAt: undefined, outputs: { accuracy: "0.1" } }),
];

describe("metric trends", () => {
  it("marks a point worse than the default branch before it by more than the threshold", () => {
    const [trend] = metricTrends(records, {
      accuracy: { better: "higher", threshold: 0.01, onRegression: "neutral" },
    });
    expect(trend?.better).toBe("higher");
    expect(
      trend?.points.map((point) => [point.run, point.pr, point.regressed, point.delta?.toFixed(3)]),
    ).toEqual([
      ["main-1", undefined, false, undefined],
      ["pr-1", 7, true, "-0.050"],
      ["pr-2", 8, false, "-0.005"],
      ["main-2", undefined, true, "-0.100"],
      ["pr-3", 9, false, "0.150"],
    ]);
  });

  it("follows the declared direction: lower is better", () => {
    const [trend] = metricTrends(records, {
      accuracy: { better: "lower", threshold: 0, onRegression: "neutral" },
    });
    expect(trend?.points.filter((point) => point.regressed).map((point) => point.run)).toEqual([
      "pr-3",
    ]);
  });

  it("draws the numeric outputs, unjudged, when the repository declares none", () => {
    const trends = metricTrends(records, {});
    expect(trends.map((trend) => trend.name)).toEqual(["accuracy", "loss"]);
    expect(trends.every((trend) => trend.points.every((point) => !point.regressed))).toBe(true);
    expect(trends[0]?.better).toBeUndefined();
  });
});
