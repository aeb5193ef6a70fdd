// Drops fields that Argo's structural schemas do not declare, as the API server does for the full
// Argo CRDs (recorded: `spec.bogusField` vanishes on create). Uses ../shared/argo/schema.json.
import { readFileSync } from "node:fs";
import { isJsonObject, type JsonObject, type JsonValue } from "./json.ts";

interface SchemaNode {
  $ref?: string;
  type?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
}

interface SchemaDocument {
  definitions: Record<string, SchemaNode>;
}

export const DEFAULT_SCHEMA_URL = new URL("../../../../shared/argo/schema.json", import.meta.url);

const cache = new Map<string, SchemaDocument>();

function loadSchema(url: URL): SchemaDocument {
  const key = url.href;
  let document = cache.get(key);
  if (!document) {
    try {
      document = JSON.parse(readFileSync(url, "utf8")) as SchemaDocument;
    } catch (error) {
      throw new Error(
        `test kube API: cannot read Argo's schema at ${url.pathname} to prune unknown fields (${(error as Error).message}); pass crds: "minimal" to keep them instead`,
      );
    }
    cache.set(key, document);
  }
  return document;
}

export interface UnknownField {
  /** `.spec.templates[0].contianer`, as the server prints it. */
  path: string;
}

export class SchemaPruner {
  readonly #definitions: Record<string, SchemaNode>;

  constructor(url: URL = DEFAULT_SCHEMA_URL) {
    this.#definitions = loadSchema(url).definitions;
  }

  #resolve(node: SchemaNode | undefined): SchemaNode | undefined {
    let current = node;
    for (let depth = 0; current?.$ref && depth < 20; depth++) {
      current = this.#definitions[current.$ref.replace("#/definitions/", "")];
    }
    return current;
  }

  /** A copy of `value` without undeclared fields (and without nulls in declared ones). */
  prune(definition: string, value: JsonObject, unknown: UnknownField[] = []): JsonObject {
    const pruned = this.#prune(this.#definitions[definition], value, "", unknown);
    return isJsonObject(pruned) ? pruned : value;
  }

  #prune(
    schemaNode: SchemaNode | undefined,
    value: JsonValue,
    path: string,
    unknown: UnknownField[],
  ): JsonValue {
    const schema = this.#resolve(schemaNode);
    if (!schema) return structuredClone(value);
    if (Array.isArray(value)) {
      return schema.items
        ? value.map((item, i) => this.#prune(schema.items, item, `${path}[${i}]`, unknown))
        : structuredClone(value);
    }
    if (!isJsonObject(value)) return value;
    const { properties, additionalProperties } = schema;
    if (!properties && typeof additionalProperties !== "object") return structuredClone(value);
    const out: JsonObject = {};
    for (const [key, child] of Object.entries(value)) {
      const childSchema =
        properties?.[key] ??
        (typeof additionalProperties === "object" ? additionalProperties : undefined);
      if (childSchema) {
        if (child !== null) out[key] = this.#prune(childSchema, child, `${path}.${key}`, unknown);
      } else if (additionalProperties === true) {
        out[key] = structuredClone(child);
      } else {
        unknown.push({ path: `${path}.${key}` });
      }
    }
    return out;
  }
}
