// Checks a definition against what the repository may do: kind, name, namespace,
// service accounts and coxswain's reserved labels.
import type { SpecProblem } from "../argo/spec-problem.ts";
import { isReservedKey } from "../cluster/labels.ts";
import type { RepoPolicy } from "../config/repo-config.ts";
import type { DefinitionKind } from "../config/server-policy.ts";

const dns1123Subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

// A WorkflowTemplate's name becomes a label value on its runs (63); a CronWorkflow's name
// gets a suffix per scheduled run and Argo caps it at 52.
const maxNameLength: Record<DefinitionKind, number> = { WorkflowTemplate: 63, CronWorkflow: 52 };

interface DocumentShape {
  kind: DefinitionKind;
  metadata?: {
    name?: string;
    generateName?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: Record<string, unknown>;
}

export function checkPolicy(
  document: DocumentShape,
  policy: RepoPolicy,
  namespace: string | undefined,
): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const error = (path: SpecProblem["path"], message: string) =>
    problems.push({ path, message, severity: "error" });
  const meta = document.metadata ?? {};
  const name = meta.name;
  if (!name) {
    error(
      ["metadata"],
      `metadata.name is required${meta.generateName ? " (generateName is only for runs)" : ""}`,
    );
  } else if (!dns1123Subdomain.test(name) || name.length > maxNameLength[document.kind]) {
    error(
      ["metadata", "name"],
      `metadata.name "${name}" must be lowercase letters, digits, "-" or ".", start and end with a letter or digit, and be at most ${maxNameLength[document.kind]} characters`,
    );
  }
  if (meta.namespace !== undefined && namespace !== undefined && meta.namespace !== namespace) {
    error(
      ["metadata", "namespace"],
      `metadata.namespace "${meta.namespace}" is not this repository's namespace "${namespace}"; leave it out and coxswain sets it`,
    );
  }
  for (const field of ["labels", "annotations"] as const) {
    for (const key of Object.keys(meta[field] ?? {})) {
      if (isReservedKey(key))
        error(["metadata", field, key], `${field.slice(0, -1)} "${key}" is reserved for coxswain`);
    }
  }
  const accounts = policy.serviceAccounts;
  for (const { path, value } of accounts ? serviceAccountNames(document) : []) {
    if (!accounts?.includes(value)) {
      const allowed = accounts?.length ? accounts.join(", ") : "none; leave it unset";
      error(
        path,
        `service account "${value}" is not allowed by the server policy (allowed: ${allowed})`,
      );
    }
  }
  return problems;
}

function* serviceAccountNames(document: DocumentShape) {
  const spec =
    document.kind === "CronWorkflow" ? asRecord(document.spec?.workflowSpec) : document.spec;
  const base = document.kind === "CronWorkflow" ? ["spec", "workflowSpec"] : ["spec"];
  if (!spec) return;
  yield* accountsOf(spec, base);
  const templates = Array.isArray(spec.templates) ? spec.templates : [];
  for (const [index, template] of templates.entries()) {
    yield* accountsOf(asRecord(template), [...base, "templates", index]);
  }
}

/** `serviceAccountName` and `executor.serviceAccountName` of a spec or a template. */
function* accountsOf(holder: Record<string, unknown> | undefined, path: Array<string | number>) {
  if (typeof holder?.serviceAccountName === "string") {
    yield { path: [...path, "serviceAccountName"], value: holder.serviceAccountName };
  }
  const executor = asRecord(holder?.executor)?.serviceAccountName;
  if (typeof executor === "string") {
    yield { path: [...path, "executor", "serviceAccountName"], value: executor };
  }
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
