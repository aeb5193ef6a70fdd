// One YAML document of a definition file, checked in order: a mapping, an Argo kind the policy
// allows, Argo's schema, then the policy's rules. The first failing step's problems are kept.
import type { ArgoKind, ArgoSchemaValidator } from "../argo/argo-schema.ts";
import type { SpecProblem } from "../argo/spec-problem.ts";
import type { ArgoObject } from "../cluster/argo-kinds.ts";
import { argoApiVersion } from "../cluster/argo-kinds.ts";
import type { RepoPolicy } from "../config/repo-config.ts";
import type { DefinitionKind } from "../config/server-policy.ts";
import type { YamlDocument } from "../yaml/load-yaml.ts";
import { checkPolicy } from "./check-policy.ts";
import type { Definition, FileProblem } from "./definition.ts";
import { locatedProblem } from "./located-problem.ts";

export function checkDocument(
  document: YamlDocument,
  file: string,
  policy: RepoPolicy,
  context: { schema: ArgoSchemaValidator; namespace?: string },
): { definition?: Definition; problems: FileProblem[] } {
  const value = document.value;
  if (value === null || value === undefined) return { problems: [] }; // an empty document
  const at = (problems: SpecProblem[]) =>
    problems.map((problem) => locatedProblem(file, document, problem));
  if (typeof value !== "object" || Array.isArray(value)) {
    return {
      problems: at([
        {
          path: [],
          message: "a definition must be a YAML mapping (apiVersion, kind, metadata, spec)",
          severity: "error",
        },
      ]),
    };
  }
  const shape = value as { apiVersion?: unknown; kind?: unknown };
  const kind = String(shape.kind ?? "");
  if (shape.apiVersion !== argoApiVersion || !policy.kinds.includes(kind as DefinitionKind)) {
    return {
      problems: at([
        {
          path: shape.kind === undefined ? [] : ["kind"],
          message: kindMessage(shape, policy),
          severity: "error",
        },
      ]),
    };
  }
  const schemaProblems = context.schema.validate(kind as ArgoKind, value);
  if (schemaProblems.length > 0) return { problems: at(schemaProblems) };
  const argo = value as ArgoObject;
  const policyProblems = checkPolicy(
    argo as Parameters<typeof checkPolicy>[0],
    policy,
    context.namespace,
  );
  if (policyProblems.length > 0) return { problems: at(policyProblems) };
  const start = document.locate([]);
  return {
    definition: {
      kind: kind as DefinitionKind,
      name: argo.metadata.name,
      file,
      line: start.line,
      document: argo,
    },
    problems: [],
  };
}

function kindMessage(shape: { apiVersion?: unknown; kind?: unknown }, policy: RepoPolicy): string {
  const allowed = policy.kinds.join(", ");
  if (shape.kind === undefined)
    return `a definition needs apiVersion ${argoApiVersion} and a kind (${allowed})`;
  if (shape.apiVersion !== argoApiVersion) {
    return `${String(shape.kind)} (${String(shape.apiVersion)}) is not something coxswain syncs: definitions are ${argoApiVersion} ${allowed}`;
  }
  const runs =
    shape.kind === "Workflow" ? "; Workflows are runs, started by a trigger or a /run command" : "";
  return `kind ${String(shape.kind)} is not allowed here (allowed: ${allowed})${runs}`;
}
