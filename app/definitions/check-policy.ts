// Checks a definition against what the repository may do: its kind's name rules, its
// namespace, and the admission policy (admission/) for everything its runs would do.
import type { SpecProblem } from "../argo/spec-problem.ts";
import type { RepoPolicy } from "../config/repo-config.ts";
import type { DefinitionKind } from "../config/server-policy.ts";
import { admissionContextOf } from "./admission/admission-context.ts";
import { checkAdmission } from "./admission/check-admission.ts";

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
  return [...problems, ...checkAdmission(document, admissionContextOf(policy, namespace))];
}
