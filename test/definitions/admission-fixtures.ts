// Server policies and checks for the admission tests: a repository whose rule in the server
// policy sets the pod security level and lists (or not); checkPolicy over a document; and a
// whole sync's reading of files, for file and line.
import { type ArgoSchemaValidator, loadArgoSchemaValidator } from "../../app/argo/argo-schema.ts";
import type { SpecProblem } from "../../app/argo/spec-problem.ts";
import { type RepoPolicy, repoPolicyFrom } from "../../app/config/repo-config.ts";
import { type PodSecurityLevel, parseServerPolicy } from "../../app/config/server-policy.ts";
import { checkPolicy } from "../../app/definitions/check-policy.ts";
import { readRepoDefinitions } from "../../app/definitions/read-definitions.ts";
import { argoSchemaPath } from "../support/shared-data.ts";
import { tempRepoDir } from "../support/temp-repo-dir.ts";

export const repository = "acme/ml";
export const namespace = "ml-team";

/** The policy a sync of acme/ml reads: its rule (`rule` adds keys to it) and `extra` top-level keys. */
export function repoPolicy(rule = "", extra = ""): RepoPolicy {
  const ruleLines = rule ? `\n${rule.replace(/^/gm, "    ")}` : "";
  const text = `repositories:\n  - match: ${repository}\n    namespace: ${namespace}${ruleLines}\n${extra}`;
  const server = parseServerPolicy(text, "policy.yaml");
  if (!server.ok) throw new Error(server.error);
  const read = repoPolicyFrom(undefined, server.policy, undefined, repository);
  if (!read.ok) throw new Error(JSON.stringify(read.issues));
  return read.policy;
}

export function levelPolicy(level: PodSecurityLevel): RepoPolicy {
  return repoPolicy(`podSecurity: ${level}`);
}

export function check(document: unknown, policy: RepoPolicy): SpecProblem[] {
  return checkPolicy(document as Parameters<typeof checkPolicy>[0], policy, namespace);
}

/** `spec.templates[0].container`: how problems name a path. */
export function dotted(path: ReadonlyArray<string | number>): string {
  return path
    .map((step, index) =>
      typeof step === "number" ? `[${step}]` : index === 0 ? step : `.${step}`,
    )
    .join("");
}

let schema: ArgoSchemaValidator | undefined;

/**
 * What a sync of acme/ml says about these files (file:line:col: message), under a server
 * policy whose rule for it adds `rule` and whose top level adds `extra`.
 */
export async function syncProblems(
  files: Record<string, string>,
  rule = "",
  extra = "",
): Promise<string[]> {
  const ruleLines = rule ? `\n${rule.replace(/^/gm, "    ")}` : "";
  const text = `repositories:\n  - match: ${repository}\n    namespace: ${namespace}${ruleLines}\n${extra}`;
  const server = parseServerPolicy(text, "policy.yaml");
  if (!server.ok) throw new Error(server.error);
  schema ??= loadArgoSchemaValidator(argoSchemaPath);
  const repo = await tempRepoDir(files);
  try {
    const read = await readRepoDefinitions(repo.snapshot, {
      server: server.policy,
      namespace,
      repoFullName: repository,
      schema,
    });
    const problems = read.ok ? read.warnings : read.problems;
    return problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`);
  } finally {
    await repo.cleanup();
  }
}
