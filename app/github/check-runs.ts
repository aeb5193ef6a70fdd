// GitHub check runs: started when work begins, completed with the report; annotations go
// 50 per request, as the API requires.
import type { ProbotOctokit } from "probot";
import type { FileProblem } from "../definitions/definition.ts";
import type { CheckRunReport } from "../report/check-run-output.ts";

export type Octokit = InstanceType<typeof ProbotOctokit>;

export interface RepoRef {
  owner: string;
  repo: string;
}

const annotationsPerRequest = 50;

export async function startCheckRun(
  octokit: Octokit,
  repo: RepoRef,
  name: string,
  headSha: string,
): Promise<number> {
  const { data } = await octokit.rest.checks.create({
    ...repo,
    name,
    head_sha: headSha,
    status: "in_progress",
    started_at: new Date().toISOString(),
  });
  return data.id;
}

export async function completeCheckRun(
  octokit: Octokit,
  repo: RepoRef,
  checkRunId: number,
  report: CheckRunReport,
): Promise<void> {
  const annotations = report.annotations.map(toAnnotation);
  const output = (batch: ReturnType<typeof toAnnotation>[]) => ({
    title: report.title,
    summary: report.summary,
    ...(report.text ? { text: report.text } : {}),
    annotations: batch,
  });
  await octokit.rest.checks.update({
    ...repo,
    check_run_id: checkRunId,
    status: "completed",
    conclusion: report.conclusion,
    completed_at: new Date().toISOString(),
    output: output(annotations.slice(0, annotationsPerRequest)),
  });
  for (
    let start = annotationsPerRequest;
    start < annotations.length;
    start += annotationsPerRequest
  ) {
    await octokit.rest.checks.update({
      ...repo,
      check_run_id: checkRunId,
      output: output(annotations.slice(start, start + annotationsPerRequest)),
    });
  }
}

/** True when a check run of this name already exists on the commit (a redelivered event). */
export async function hasCheckRun(
  octokit: Octokit,
  repo: RepoRef,
  ref: string,
  name: string,
): Promise<boolean> {
  const { data } = await octokit.rest.checks.listForRef({
    ...repo,
    ref,
    check_name: name,
    filter: "all",
  });
  return data.total_count > 0;
}

function toAnnotation(problem: FileProblem) {
  return {
    path: problem.file,
    start_line: problem.line,
    end_line: problem.line,
    start_column: problem.column,
    end_column: problem.column,
    annotation_level: problem.severity === "error" ? ("failure" as const) : ("warning" as const),
    title: problem.severity === "error" ? "coxswain: invalid definition" : "coxswain: warning",
    message: problem.message,
  };
}
