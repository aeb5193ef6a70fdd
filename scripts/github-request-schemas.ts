// Writes test/support/github-request-schemas.json: the request-body schemas, from GitHub's
// published OpenAPI description, of the endpoints the GitHub test double serves, made into
// self-contained JSON Schema (2020-12) so the double can check every body it accepts.
//
// The description (@octokit/openapi, ~385 MB) is not a dependency. To regenerate:
//   mkdir -p /tmp/gh-openapi && cd /tmp/gh-openapi && npm pack @octokit/openapi && tar xzf octokit-openapi-*.tgz
//   npm run github-request-schemas -- /tmp/gh-openapi/package
// (the argument is the unpacked package or its generated/api.github.com.json), then run the
// tests that use test/support/github-mock.ts and commit the JSON with the version it records.
import { execFileSync } from "node:child_process";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The operations the double answers that carry a body, by GitHub's operationId. */
export const servedOperations = [
  "apps/create-installation-access-token",
  "checks/create",
  "checks/update",
  "issues/create-comment",
  "issues/update-comment",
  "reactions/create-for-issue-comment",
] as const;

export const schemasFile = "test/support/github-request-schemas.json";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type SchemaObject = { [key: string]: Json };

interface Description {
  openapi: string;
  info: { version: string; "x-github-plan"?: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, SchemaObject> };
}

interface Operation {
  operationId?: string;
  requestBody?: { required?: boolean; content: Record<string, { schema: SchemaObject }> };
}

export interface RequestSchemas {
  source: string;
  operations: Record<
    string,
    { method: string; path: string; bodyRequired: boolean; schema: SchemaObject }
  >;
}

export function extractRequestSchemas(description: Description): RequestSchemas {
  const operations: RequestSchemas["operations"] = {};
  for (const [path, item] of Object.entries(description.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const id = operation.operationId;
      if (!id || !(servedOperations as readonly string[]).includes(id)) continue;
      const body = operation.requestBody?.content["application/json"];
      if (!body) throw new Error(`${id} has no application/json request body`);
      operations[id] = {
        method: method.toUpperCase(),
        path,
        bodyRequired: operation.requestBody?.required === true,
        schema: {
          $schema: "https://json-schema.org/draft/2020-12/schema",
          ...toJsonSchema(body.schema, description.components.schemas, []),
        },
      };
    }
  }
  const missing = servedOperations.filter((id) => !operations[id]);
  if (missing.length > 0) throw new Error(`not in the description: ${missing.join(", ")}`);
  const plan = description.info["x-github-plan"] ?? "api.github.com";
  return {
    source: `@octokit/openapi ${description.info.version}, generated/${plan}.json (OpenAPI ${description.openapi})`,
    operations: Object.fromEntries(servedOperations.map((id) => [id, operations[id]!])),
  };
}

const schemaMaps = new Set(["properties", "patternProperties", "$defs", "definitions"]);
const schemaLists = new Set(["allOf", "anyOf", "oneOf", "prefixItems"]);
const singleSchemas = new Set(["items", "additionalProperties", "not", "contains"]);
// OpenAPI 3.0 annotations that JSON Schema does not know (ajv's strict mode refuses them).
const openApiOnly = new Set(["example", "discriminator", "xml", "externalDocs", "nullable"]);

/** OpenAPI 3.0's schema dialect made JSON Schema: `$ref`s inlined, `nullable` as a null type. */
function toJsonSchema(
  schema: SchemaObject,
  components: Record<string, SchemaObject>,
  refs: string[],
): SchemaObject {
  const ref = schema.$ref;
  if (typeof ref === "string") {
    const name = ref.replace("#/components/schemas/", "");
    const target = components[name];
    if (!target || name === ref) throw new Error(`cannot resolve ${ref}`);
    if (refs.includes(name)) throw new Error(`${ref} refers to itself: ${refs.join(" → ")}`);
    return toJsonSchema(target, components, [...refs, name]);
  }
  const converted: SchemaObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (openApiOnly.has(key) || key.startsWith("x-")) continue;
    converted[key] = convertKeyword(key, value, components, refs);
  }
  return schema.nullable === true ? allowNull(converted) : converted;
}

function convertKeyword(
  key: string,
  value: Json,
  components: Record<string, SchemaObject>,
  refs: string[],
): Json {
  const convert = (inner: Json) =>
    isSchema(inner) ? toJsonSchema(inner, components, refs) : inner;
  if (schemaMaps.has(key) && isSchema(value)) {
    return Object.fromEntries(Object.entries(value).map(([name, inner]) => [name, convert(inner)]));
  }
  if (schemaLists.has(key) && Array.isArray(value)) return value.map(convert);
  if (singleSchemas.has(key)) return convert(value);
  if ((key === "exclusiveMinimum" || key === "exclusiveMaximum") && typeof value === "boolean") {
    throw new Error(`${key} as a boolean (OpenAPI 3.0) is not converted yet`);
  }
  return value;
}

function allowNull(schema: SchemaObject): SchemaObject {
  const { type } = schema;
  if (typeof type !== "string") return { anyOf: [schema, { type: "null" }] };
  const withNull: SchemaObject = { ...schema, type: [type, "null"] };
  if (Array.isArray(schema.enum)) withNull.enum = [...schema.enum, null];
  return withNull;
}

function isSchema(value: Json): value is SchemaObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function descriptionFile(path: string): string {
  return statSync(path).isDirectory() ? join(path, "generated", "api.github.com.json") : path;
}

if (import.meta.main) {
  const [path] = process.argv.slice(2);
  if (!path) {
    process.stderr.write(
      "usage: npm run github-request-schemas -- <unpacked @octokit/openapi or its api.github.com.json>\n",
    );
    process.exit(2);
  }
  const description = JSON.parse(readFileSync(descriptionFile(path), "utf8")) as Description;
  const schemas = extractRequestSchemas(description);
  writeFileSync(schemasFile, `${JSON.stringify(schemas, null, 2)}\n`);
  execFileSync("npx", ["biome", "format", "--write", schemasFile], { stdio: "inherit" });
  process.stdout.write(`${schemasFile}: ${Object.keys(schemas.operations).join(", ")}\n`);
}
