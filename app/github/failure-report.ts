// The check-run report for work that could not finish: a repository refused for its size, or
// Git, the cluster or GitHub failing.
import { RepositoryTooLargeError } from "../git/repository-too-large.ts";
import type { CheckRunReport } from "../report/check-run-output.ts";

export function failureReport(what: "Sync" | "Plan", error: unknown): CheckRunReport {
  if (error instanceof RepositoryTooLargeError) {
    return {
      conclusion: "failure",
      title: `${what} refused: ${error.repository} is over the size limit`,
      summary: error.message,
      annotations: [],
    };
  }
  const reason = error instanceof Error ? error.message : String(error);
  return {
    conclusion: "failure",
    title: `${what} failed: Git or the cluster could not be reached`,
    summary: `coxswain could not finish: ${reason}\n\nRe-run this check to try again.`,
    annotations: [],
  };
}
