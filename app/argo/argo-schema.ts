// Validates Argo documents against Argo's own published JSON schema, made strict the way
// `kubectl apply --validate=strict` is: an unknown field (a typo such as `contianer:`) is an
// error. Two fixes to the published schema, both from its README: IntOrString means string
// or integer (as in Kubernetes), and every object that lists its properties is closed.
import { readFileSync } from "node:fs";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import { closest, distance } from "fastest-levenshtein";
import type { YamlPath } from "../yaml/load-yaml.ts";
import type { SpecProblem } from "./spec-problem.ts";

export const argoKinds = [
  "Workflow",
  "WorkflowTemplate",
  "ClusterWorkflowTemplate",
  "CronWorkflow",
  "WorkflowEventBinding",
] as const;
export type ArgoKind = (typeof argoKinds)[number];

export interface ArgoSchemaValidator {
  validate(kind: ArgoKind, document: unknown): SpecProblem[];
}

type JsonSchema = { [key: string]: unknown };

export function loadArgoSchemaValidator(schemaPath: string): ArgoSchemaValidator {
  const schema = JSON.parse(readFileSync(schemaPath, "utf8")) as JsonSchema;
  const definitions = schema.definitions as Record<string, JsonSchema>;
  definitions["io.k8s.apimachinery.pkg.util.intstr.IntOrString"] = { type: ["string", "integer"] };
  closeObjects(definitions);
  const ajv = new Ajv2020({
    allErrors: true,
    verbose: true,
    strict: false,
    validateFormats: false,
  });
  ajv.addSchema(schema, "argo");
  const validators = new Map<ArgoKind, ValidateFunction>();
  const validatorFor = (kind: ArgoKind): ValidateFunction => {
    let validator = validators.get(kind);
    if (!validator) {
      validator = ajv.getSchema(`argo#/definitions/io.argoproj.workflow.v1alpha1.${kind}`);
      if (!validator) throw new Error(`Argo schema at ${schemaPath} has no definition for ${kind}`);
      validators.set(kind, validator);
    }
    return validator;
  };
  return {
    validate(kind, document) {
      const validator = validatorFor(kind);
      if (validator(document)) return [];
      return problemsFrom(validator.errors ?? [], document);
    },
  };
}

function closeObjects(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) closeObjects(item);
    return;
  }
  if (node === null || typeof node !== "object") return;
  const schema = node as JsonSchema;
  if (schema.properties && schema.additionalProperties === undefined) {
    schema.additionalProperties = false;
  }
  for (const value of Object.values(schema)) closeObjects(value);
}

function problemsFrom(errors: ErrorObject[], document: unknown): SpecProblem[] {
  const seen = new Set<string>();
  const problems: SpecProblem[] = [];
  for (const error of errors) {
    const path = pathOf(error.instancePath, document);
    const problem = describe(error, path);
    if (!problem) continue;
    const key = `${problem.path.join("/")}\u0000${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

function describe(error: ErrorObject, path: YamlPath): SpecProblem | undefined {
  const at = path.length ? dotted(path) : "document";
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "additionalProperties": {
      const field = String(params.additionalProperty);
      const known = Object.keys((error.parentSchema?.properties ?? {}) as object);
      return {
        path: [...path, field],
        message: `unknown field "${field}" in ${at}${suggestion(field, known)}`,
        severity: "error",
      };
    }
    case "required":
      return {
        path,
        message: `${at}: missing required field "${String(params.missingProperty)}"`,
        severity: "error",
      };
    case "type":
      return { path, message: `${at} must be ${typeName(params.type)}`, severity: "error" };
    case "enum":
      return {
        path,
        message: `${at} must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`,
        severity: "error",
      };
    case "const":
      return {
        path,
        message: `${at} must be ${JSON.stringify(params.allowedValue)}`,
        severity: "error",
      };
    case "oneOf":
    case "anyOf":
    case "if":
      return undefined; // the branch errors say more
    default:
      return { path, message: `${at} ${error.message ?? "is invalid"}`, severity: "error" };
  }
}

function suggestion(field: string, known: string[]): string {
  if (known.length === 0) return "";
  const best = closest(field, known);
  if (distance(field, best) <= Math.max(2, Math.floor(field.length / 3))) {
    return `; did you mean "${best}"?`;
  }
  return "";
}

function typeName(type: unknown): string {
  const names = Array.isArray(type) ? type : [type];
  const article = (name: string) => (/^[aeiou]/.test(name) ? `an ${name}` : `a ${name}`);
  return names.map((name) => article(String(name))).join(" or ");
}

function dotted(path: YamlPath): string {
  return path
    .map((step, i) => (typeof step === "number" ? `[${step}]` : i === 0 ? step : `.${step}`))
    .join("");
}

/** Turns Ajv's JSON pointer into a path, with numbers for array indexes. */
function pathOf(pointer: string, document: unknown): YamlPath {
  if (!pointer) return [];
  const path: Array<string | number> = [];
  let node: unknown = document;
  for (const raw of pointer.slice(1).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(node)) {
      const index = Number(key);
      path.push(index);
      node = node[index];
    } else {
      path.push(key);
      node =
        node !== null && typeof node === "object"
          ? (node as Record<string, unknown>)[key]
          : undefined;
    }
  }
  return path;
}
