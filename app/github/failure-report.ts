// The check-run report for work that could not finish because Git, the cluster or GitHub failed.
import type { CheckRunReport } from "../report/check-run-output.ts";

export function failureReport(what: "Sync" | "Plan", error: unknown): CheckRunReport {
  const reason = error instanceof Error ? error.message : String(error);
  return {
    conclusion: "failure",
    title: `${what} failed: Git or the cluster could not be reached`,
    summary: `coxswain could not finish: ${reason}\n\nRe-run this check to try again.`,
    annotations: [],
  };
}
