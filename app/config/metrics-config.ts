// The repository config's `metrics`: output parameters that are ML metrics, which way is
// better, how big a change counts, and what a regression does to the run's check run.
import { z } from "zod";

export const metricSchema = z
  .object({
    better: z.enum(["higher", "lower"]).describe("which way is an improvement"),
    threshold: z
      .number()
      .min(0)
      .default(0)
      .describe("a change smaller than this is noise, not a regression"),
    onRegression: z
      .enum(["failure", "neutral", "ignore"])
      .default("neutral")
      .describe("the check run's conclusion when a pull request's run regresses this metric"),
  })
  .strict();

export const metricsSchema = z
  .record(z.string().min(1), metricSchema)
  .default({})
  .describe("output parameters compared with the default branch's last successful run");

export type Metric = z.infer<typeof metricSchema>;
export type MetricsConfig = z.infer<typeof metricsSchema>;
