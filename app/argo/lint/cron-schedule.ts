// Validates a CronWorkflow schedule the way Argo's scheduler (robfig/cron's standard parser)
// reads it: five fields, or a descriptor (@hourly, @every 1h30m), optionally after
// `CRON_TZ=<zone> `. cron-parser checks values and ranges; it also accepts forms robfig/cron
// does not (a seconds field, L, W, #, H, 7 for Sunday), so those are rejected first.
import { CronExpressionParser } from "cron-parser";
import { timeZoneProblem } from "./time-zone.ts";

const descriptors = [
  "@yearly",
  "@annually",
  "@monthly",
  "@weekly",
  "@daily",
  "@midnight",
  "@hourly",
];
const goDuration = /^(\d+(\.\d+)?(ns|us|µs|μs|ms|s|m|h))+$/;
const fieldNames = ["minute", "hour", "day-of-month", "month", "day-of-week"] as const;
const monthNames = [
  "jan",
  "feb",
  "mar",
  "apr",
  "may",
  "jun",
  "jul",
  "aug",
  "sep",
  "oct",
  "nov",
  "dec",
];
const dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const fieldPart = /^(\*|\?|([0-9]+|[a-z]{3})(-([0-9]+|[a-z]{3}))?)(\/[0-9]+)?$/i;

/** Undefined when the schedule is valid, else what is wrong with it. */
export function cronScheduleProblem(schedule: string): string | undefined {
  const zonePrefix = /^(CRON_TZ|TZ)=(\S*)\s+/.exec(schedule);
  if (zonePrefix) {
    const zoneProblem = timeZoneProblem(zonePrefix[2] ?? "");
    if (zoneProblem !== undefined) return `has a bad ${zonePrefix[1]}: ${zoneProblem}`;
  }
  const expression = schedule.slice(zonePrefix?.[0].length ?? 0).trim();
  if (expression.startsWith("@")) return descriptorProblem(expression);
  const fields = expression.split(/\s+/).filter((field) => field !== "");
  if (fields.length !== 5) {
    return `has ${fields.length} fields; Argo expects 5 (minute hour day-of-month month day-of-week) or a descriptor such as @hourly or @every 1h`;
  }
  for (const [index, field] of fields.entries()) {
    const problem = fieldProblem(field, index);
    if (problem !== undefined) return problem;
  }
  try {
    CronExpressionParser.parse(expression);
    return undefined;
  } catch (error) {
    return `is not a valid cron expression: ${error instanceof Error ? error.message : String(error)}`;
  }
}

function descriptorProblem(expression: string): string | undefined {
  if (descriptors.includes(expression)) return undefined;
  const every = /^@every\s+(\S+)$/.exec(expression);
  if (every) {
    if (goDuration.test(every[1] ?? "")) return undefined;
    return `has an invalid @every duration "${every[1]}"; write it like 90s, 15m or 1h30m`;
  }
  return `uses an unknown descriptor "${expression}"; use one of ${descriptors.join(", ")} or @every <duration>`;
}

function fieldProblem(field: string, index: number): string | undefined {
  const fieldName = fieldNames[index] ?? "field";
  const names = index === 3 ? monthNames : index === 4 ? dayNames : [];
  for (const part of field.split(",")) {
    const match = fieldPart.exec(part);
    const words = part.toLowerCase().match(/[a-z]+/g) ?? [];
    if (!match || words.some((word) => !names.includes(word))) {
      return `has an invalid ${fieldName} field "${field}": use numbers${names.length > 0 ? ` or names (${names[0]}…)` : ""}, *, ranges a-b, lists a,b and steps */n`;
    }
    const numbers = (part.match(/[0-9]+/g) ?? []).slice(0, match[5] === undefined ? undefined : -1);
    if (index === 4 && numbers.some((number) => Number(number) > 6)) {
      return `has day-of-week "${field}" outside 0-6 (0 is Sunday; Argo's cron has no 7)`;
    }
  }
  return undefined;
}
