import { describe } from "vitest";
import { itReports } from "./lint-cases.ts";

function cronWorkflow(fields: string): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: CronWorkflow
metadata: {name: nightly}
spec:
${fields}
  workflowSpec:
    entrypoint: main
    templates:
      - {name: main, container: {image: busybox}}
`;
}

describe("CronWorkflow", () => {
  itReports([
    {
      behaviour: "reports a schedule value out of range",
      yaml: cronWorkflow(`  schedules: ["0 2 * * *", "61 * * * *"]`),
      problems: [
        {
          path: ["spec", "schedules", 1],
          message:
            'schedule "61 * * * *" is not a valid cron expression: Constraint error, got value 61 expected range 0-59',
        },
      ],
      fix: [['"61 * * * *"', '"59 * * * *"']],
    },
    {
      behaviour: "reports a schedule with a seconds field, which Argo's cron does not read",
      yaml: cronWorkflow(`  schedules: ["0 0 2 * * *"]`),
      problems: [
        {
          path: ["spec", "schedules", 0],
          message:
            'schedule "0 0 2 * * *" has 6 fields; Argo expects 5 (minute hour day-of-month month day-of-week) or a descriptor such as @hourly or @every 1h',
        },
      ],
      fix: [['"0 0 2 * * *"', '"0 2 * * *"']],
    },
    {
      behaviour: "reports cron syntax that cron-parser knows but Argo's cron does not",
      yaml: cronWorkflow(`  schedules: ["0 0 L * *"]`),
      problems: [
        {
          path: ["spec", "schedules", 0],
          message:
            'schedule "0 0 L * *" has an invalid day-of-month field "L": use numbers, *, ranges a-b, lists a,b and steps */n',
        },
      ],
      fix: [['"0 0 L * *"', '"0 0 28-31 * *"']],
    },
    {
      behaviour: "reports 7 as day of week, which Argo's cron does not accept for Sunday",
      yaml: cronWorkflow(`  schedules: ["0 3 * * 7"]`),
      problems: [
        {
          path: ["spec", "schedules", 0],
          message: `schedule "0 3 * * 7" has day-of-week "7" outside 0-6 (0 is Sunday; Argo's cron has no 7)`,
        },
      ],
      fix: [['"0 3 * * 7"', '"0 3 * * SUN"']],
    },
    {
      behaviour: "reports an unknown descriptor and accepts @hourly and @every with a Go duration",
      yaml: cronWorkflow(`  schedules: ["@hourly", "@every 1h30m", "@evry 5m"]`),
      problems: [
        {
          path: ["spec", "schedules", 2],
          message:
            'schedule "@evry 5m" uses an unknown descriptor "@evry 5m"; use one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly or @every <duration>',
        },
      ],
      fix: [['"@evry 5m"', '"@every 5m"']],
    },
    {
      behaviour: "reports a CronWorkflow without schedules",
      yaml: cronWorkflow(`  concurrencyPolicy: Forbid`),
      problems: [
        {
          path: ["spec"],
          message: 'schedules must list at least one cron schedule, e.g. schedules: ["0 2 * * *"]',
        },
      ],
      fix: [
        ["  concurrencyPolicy: Forbid", '  concurrencyPolicy: Forbid\n  schedules: ["0 2 * * *"]'],
      ],
    },
    {
      behaviour: "reports the singular schedule that Argo v4 removed",
      yaml: cronWorkflow(`  schedule: "0 2 * * *"`),
      problems: [
        {
          path: ["spec", "schedule"],
          message: 'schedule was removed in Argo v4: write schedules: ["0 2 * * *"]',
        },
      ],
      fix: [['schedule: "0 2 * * *"', 'schedules: ["0 2 * * *"]']],
    },
    {
      behaviour: "reports an unknown time zone, suggesting the closest",
      yaml: cronWorkflow(`  schedules: ["0 2 * * *"]\n  timezone: America/Los_Angles`),
      problems: [
        {
          path: ["spec", "timezone"],
          message:
            'time zone "America/Los_Angles" is not a known IANA time zone; did you mean "America/Los_Angeles"? (e.g. Europe/Berlin, America/New_York, UTC)',
        },
      ],
      fix: [["America/Los_Angles", "America/Los_Angeles"]],
    },
    {
      behaviour: "reports a time zone in the wrong case, as Go's zone lookup is case-sensitive",
      yaml: cronWorkflow(`  schedules: ["0 2 * * *"]\n  timezone: europe/berlin`),
      problems: [
        {
          path: ["spec", "timezone"],
          message:
            'time zone "europe/berlin" must be written "Europe/Berlin" (zone names are case-sensitive)',
        },
      ],
      fix: [["europe/berlin", "Europe/Berlin"]],
    },
    {
      behaviour: "reports a bad time zone given in the schedule with CRON_TZ",
      yaml: cronWorkflow(`  schedules: ["CRON_TZ=Europe/Berln 0 2 * * *"]`),
      problems: [
        {
          path: ["spec", "schedules", 0],
          message:
            'schedule "CRON_TZ=Europe/Berln 0 2 * * *" has a bad CRON_TZ: time zone "Europe/Berln" is not a known IANA time zone; did you mean "Europe/Berlin"? (e.g. Europe/Berlin, America/New_York, UTC)',
        },
      ],
      fix: [["Europe/Berln", "Europe/Berlin"]],
    },
    {
      behaviour: "reports an unknown concurrency policy",
      yaml: cronWorkflow(`  schedules: ["0 2 * * *"]\n  concurrencyPolicy: forbid`),
      problems: [
        {
          path: ["spec", "concurrencyPolicy"],
          message:
            'concurrencyPolicy "forbid" must be Allow, Forbid or Replace; did you mean "Forbid"?',
        },
      ],
      fix: [["concurrencyPolicy: forbid", "concurrencyPolicy: Forbid"]],
    },
    {
      behaviour: "reports a negative starting deadline",
      yaml: cronWorkflow(`  schedules: ["0 2 * * *"]\n  startingDeadlineSeconds: -60`),
      problems: [
        {
          path: ["spec", "startingDeadlineSeconds"],
          message: "startingDeadlineSeconds must be 0 or more, not -60",
        },
      ],
      fix: [["startingDeadlineSeconds: -60", "startingDeadlineSeconds: 0"]],
    },
    {
      behaviour: "lints the workflowSpec with paths under spec.workflowSpec",
      yaml: cronWorkflow(`  schedules: ["0 2 * * *"]`).replace(
        "entrypoint: main",
        "entrypoint: mian",
      ),
      problems: [
        {
          path: ["spec", "workflowSpec", "entrypoint"],
          message: 'entrypoint template "mian" not found; did you mean "main"? (defined: main)',
        },
      ],
      fix: [["entrypoint: mian", "entrypoint: main"]],
    },
  ]);
});
