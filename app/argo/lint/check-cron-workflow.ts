// CronWorkflow: schedules, time zone, concurrency policy and starting deadline, then the
// workflow it starts.
import type { SpecProblem } from "../spec-problem.ts";
import type { CronWorkflowSpec } from "./argo-document.ts";
import { cronScheduleProblem } from "./cron-schedule.ts";
import type { LintContext } from "./lint-context.ts";
import { lintWorkflowSpec } from "./lint-workflow-spec.ts";
import { lintError } from "./problem.ts";
import { didYouMean } from "./suggestion.ts";
import { timeZoneProblem } from "./time-zone.ts";
import { isRecord, stringOf } from "./yaml-value.ts";

const concurrencyPolicies = ["Allow", "Forbid", "Replace"];

export function lintCronWorkflow(spec: unknown, context: LintContext): SpecProblem[] {
  if (!isRecord(spec)) return [];
  const cron = spec as CronWorkflowSpec & { schedule?: unknown };
  return [
    ...checkSchedules(cron),
    ...checkTimeZone(cron.timezone),
    ...checkConcurrencyPolicy(cron.concurrencyPolicy),
    ...checkStartingDeadline(cron.startingDeadlineSeconds),
    ...lintWorkflowSpec(cron.workflowSpec, ["spec", "workflowSpec"], "CronWorkflow", context),
  ];
}

function checkSchedules(spec: CronWorkflowSpec & { schedule?: unknown }): SpecProblem[] {
  if (!Array.isArray(spec.schedules) || spec.schedules.length === 0) {
    const old = stringOf(spec.schedule);
    const message =
      old === undefined
        ? `schedules must list at least one cron schedule, e.g. schedules: ["0 2 * * *"]`
        : `schedule was removed in Argo v4: write schedules: ["${old}"]`;
    return [lintError(old === undefined ? ["spec"] : ["spec", "schedule"], message)];
  }
  return spec.schedules.flatMap((schedule, index) => {
    if (typeof schedule !== "string") return [];
    const problem = cronScheduleProblem(schedule);
    if (problem === undefined) return [];
    return [lintError(["spec", "schedules", index], `schedule "${schedule}" ${problem}`)];
  });
}

function checkTimeZone(timezone: unknown): SpecProblem[] {
  const zone = stringOf(timezone);
  if (zone === undefined || zone === "") return [];
  const problem = timeZoneProblem(zone);
  return problem === undefined ? [] : [lintError(["spec", "timezone"], problem)];
}

function checkConcurrencyPolicy(policy: unknown): SpecProblem[] {
  const value = stringOf(policy);
  if (value === undefined || value === "" || concurrencyPolicies.includes(value)) return [];
  const message = `concurrencyPolicy "${value}" must be Allow, Forbid or Replace${didYouMean(value, concurrencyPolicies)}`;
  return [lintError(["spec", "concurrencyPolicy"], message)];
}

function checkStartingDeadline(seconds: unknown): SpecProblem[] {
  if (typeof seconds !== "number" || seconds >= 0) return [];
  return [
    lintError(
      ["spec", "startingDeadlineSeconds"],
      `startingDeadlineSeconds must be 0 or more, not ${seconds}`,
    ),
  ];
}
