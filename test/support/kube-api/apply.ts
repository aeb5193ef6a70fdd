// PATCH with application/apply-patch+yaml: server-side apply.
import * as yaml from "js-yaml";
import { commitCreate, commitUpdate, type WriteResult } from "./commit.ts";
import { type ApiContext, atomicFieldsOf, timestamp } from "./context.ts";
import { isJsonObject, type JsonObject, stringAt } from "./json.ts";
import { applyConfiguration, encodeManagedFields, readManagedFields } from "./managed-fields.ts";
import {
  carryServerFields,
  checkNamespaceWritable,
  ensureTypeMeta,
  initialiseMetadata,
  metadataOf,
  nameOf,
  placeInNamespace,
  resourceVersionOf,
} from "./object-meta.ts";
import { apiVersionOf, objectKey, type ResourceType } from "./resources.ts";
import { badRequest, conflictModified, failure, invalidOptions } from "./status.ts";

export interface ApplyOptions {
  fieldManager: string | undefined;
  force: boolean;
  dryRun: boolean;
}

function parseConfiguration(raw: string): JsonObject {
  let parsed: unknown;
  try {
    parsed = yaml.load(raw);
  } catch (error) {
    throw badRequest(`error decoding YAML: ${(error as Error).message}`);
  }
  if (!isJsonObject(parsed))
    throw badRequest("error decoding YAML: the applied configuration is not an object");
  return structuredClone(parsed);
}

/** Refuses fields the schema does not declare, as the typed apply path does (a 500 on v1.20). */
function checkDeclared(ctx: ApiContext, rt: ResourceType, config: JsonObject): JsonObject {
  if (!ctx.pruner || !rt.schemaDefinition) return config;
  const unknown: { path: string }[] = [];
  const pruned = ctx.pruner.prune(rt.schemaDefinition, config, unknown);
  if (unknown.length === 0) return pruned;
  const lines = unknown.map((u) => `${u.path}: field not declared in schema`);
  const detail =
    lines.length === 1 ? lines[0] : ["errors:", ...lines.map((l) => `  ${l}`)].join("\n");
  throw failure(500, undefined, `failed to create typed patch object: ${detail}`);
}

export function applyObject(
  ctx: ApiContext,
  rt: ResourceType,
  namespace: string | undefined,
  name: string,
  raw: string,
  options: ApplyOptions,
): WriteResult {
  const manager = options.fieldManager;
  if (!manager) {
    throw invalidOptions("PatchOptions", {
      field: "fieldManager",
      reason: "FieldValueRequired",
      message: "Required value: is required for apply patch",
    });
  }
  let config = parseConfiguration(raw);
  const configName = nameOf(config);
  if (configName && configName !== name) {
    throw badRequest(
      `the name of the object (${configName}) does not match the name on the URL (${name})`,
    );
  }
  const apiVersion = stringAt(config, "apiVersion");
  if (apiVersion !== apiVersionOf(rt)) {
    throw badRequest(
      `Incorrect version specified in apply patch. Specified patch version: ${apiVersion ?? ""}, expected: ${apiVersionOf(rt)}`,
    );
  }
  ensureTypeMeta(rt, config);
  placeInNamespace(rt, config, namespace);
  config = checkDeclared(ctx, rt, config);
  metadataOf(config).name = name;
  const key = objectKey(rt, namespace, name);
  const existing = ctx.store.get(rt, key);
  const requiredRv = resourceVersionOf(config);
  if (requiredRv && requiredRv !== (existing ? resourceVersionOf(existing) : ""))
    throw conflictModified(rt, name);
  carryServerFields(config, undefined);
  delete metadataOf(config).managedFields;
  const now = timestamp();

  if (!existing) {
    checkNamespaceWritable(ctx, rt, namespace, name);
    const result = applyConfiguration(
      undefined,
      config,
      [],
      manager,
      apiVersionOf(rt),
      options.force,
      now,
      atomicFieldsOf(ctx, rt),
    );
    const object = result.object;
    initialiseMetadata(rt, object);
    metadataOf(object).managedFields = encodeManagedFields(result.entries);
    return commitCreate(ctx, rt, key, object, options.dryRun);
  }
  const entries = readManagedFields(existing);
  const result = applyConfiguration(
    existing,
    config,
    entries,
    manager,
    apiVersionOf(rt),
    options.force,
    now,
    atomicFieldsOf(ctx, rt),
  );
  const object = result.object;
  carryServerFields(object, existing);
  const encoded = encodeManagedFields(result.entries);
  if (encoded.length > 0) metadataOf(object).managedFields = encoded;
  else delete metadataOf(object).managedFields;
  return commitUpdate(ctx, rt, key, existing, object, options.dryRun);
}
