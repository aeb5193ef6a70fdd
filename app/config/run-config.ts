// The parts of `.github/coxswain.yml` about runs: triggers, how a run pins its definition,
// and who may use the slash commands.
import { z } from "zod";

export const permissionLevels = ["read", "triage", "write", "maintain", "admin"] as const;
export type PermissionLevel = (typeof permissionLevels)[number];

const parameterValue = z.union([z.string(), z.number(), z.boolean()]).transform(String);

export const triggerSchema = z
  .object({
    on: z
      .enum(["merge", "pull_request", "comment"])
      .describe(
        "merge: the default branch moved (a merged pull request); pull_request: a pull request opened or pushed to (not from forks: there a maintainer runs /run); comment: defaults for /run",
      ),
    template: z.string().min(1).describe("the WorkflowTemplate to run"),
    paths: z
      .array(z.string().min(1))
      .optional()
      .describe("merge and pull_request: run only when a changed file matches one of these globs"),
    parameters: z.record(z.string(), parameterValue).default({}).describe("parameters of the run"),
    cancelInProgress: z
      .boolean()
      .default(false)
      .describe(
        "stop (Stop, exit handlers still run) an older run of this template on the same pull request",
      ),
  })
  .strict();

export type Trigger = z.infer<typeof triggerSchema>;

export const runsSchema = z
  .object({
    definition: z
      .enum(["embedded", "templateRef"])
      .default("embedded")
      .describe(
        "embedded: a run carries its template's spec from Git at the run's commit, so editing the template cannot change a running run; templateRef: it refers to the synced WorkflowTemplate (for clusters that enforce templateReferencing: Strict)",
      ),
    stopOnClose: z
      .boolean()
      .default(true)
      .describe(
        "stop a pull request's running runs when it is closed or merged (their exit handlers run)",
      ),
  })
  .strict();

export const commandsSchema = z
  .object({
    permission: z
      .enum(permissionLevels)
      .default("write")
      .describe("the least permission on the repository a user needs to use the slash commands"),
  })
  .strict();

/** The higher of two permission levels (a repository may ask for more than the server policy, never less). */
export function stricterPermission(a: PermissionLevel, b: PermissionLevel): PermissionLevel {
  return permissionLevels.indexOf(a) >= permissionLevels.indexOf(b) ? a : b;
}

export function hasPermission(
  actual: PermissionLevel | "none",
  required: PermissionLevel,
): boolean {
  return (
    actual !== "none" && permissionLevels.indexOf(actual) >= permissionLevels.indexOf(required)
  );
}
