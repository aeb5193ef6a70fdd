// `coxswain lint [repo-dir]`: validates a checkout exactly as a sync would validate a commit.
import { repoConfigPath, repoPolicyFrom } from "../config/repo-config.ts";
import { readDefinitions, readRepoDefinitions } from "../definitions/read-definitions.ts";
import { directorySnapshot } from "../git/directory-snapshot.ts";
import type { CliContext } from "./cli-context.ts";
import { problemLines } from "./format-problems.ts";

export interface CommandResult {
  exitCode: number;
  stdout: string;
}

export async function lintCommand(
  repoDir: string,
  format: "text" | "json",
  context: CliContext,
): Promise<CommandResult> {
  const snapshot = directorySnapshot(repoDir);
  const read = context.policyKnown
    ? await readRepoDefinitions(snapshot, context)
    : await readWithoutServiceAccounts(snapshot, context);
  const problems = read.ok ? read.warnings : read.problems;
  const definitions = read.ok
    ? read.definitions.map(({ kind, name, file, line }) => ({ kind, name, file, line }))
    : [];
  if (format === "json") {
    return {
      exitCode: read.ok ? 0 : 1,
      stdout: `${JSON.stringify({ ok: read.ok, problems, definitions }, null, 2)}\n`,
    };
  }
  const lines = problemLines(problems, repoDir);
  if (read.ok)
    lines.push(`${definitions.length} definition${definitions.length === 1 ? "" : "s"} valid`);
  return { exitCode: read.ok ? 0 : 1, stdout: lines.length ? `${lines.join("\n")}\n` : "" };
}

/**
 * Without the admin's policy the allowed service accounts are unknown, so they are not checked;
 * the admission (pod security, resource kinds, cluster templates) is a rule's defaults.
 */
async function readWithoutServiceAccounts(
  snapshot: ReturnType<typeof directorySnapshot>,
  context: CliContext,
) {
  const configured = repoPolicyFrom(
    await snapshot.readText(repoConfigPath),
    context.server,
    undefined,
    context.repoFullName,
  );
  if (!configured.ok) return readRepoDefinitions(snapshot, context);
  const { serviceAccounts: _unknown, ...policy } = configured.policy;
  return readDefinitions(snapshot, policy, context);
}
