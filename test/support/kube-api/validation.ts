// What the API server checks on every write, with its messages (apiserver-recorded.md).
import { isJsonObject, type JsonObject, jsonTypeName, objectAt, stringAt } from "./json.ts";
import {
  dns1123LabelErrors,
  dns1123SubdomainErrors,
  goQuote,
  labelKeyErrors,
  labelValueErrors,
} from "./names.ts";
import { apiVersionOf, type ResourceType } from "./resources.ts";
import { badRequest, type FieldError, invalid } from "./status.ts";

const invalidValue = (field: string, value: string, detail: string): FieldError => ({
  field,
  reason: "FieldValueInvalid",
  message: `Invalid value: ${goQuote(value)}: ${detail}`,
});

function metadataErrors(rt: ResourceType, metadata: JsonObject | undefined): FieldError[] {
  const errors: FieldError[] = [];
  const name = stringAt(metadata, "name") ?? "";
  if (!name) {
    errors.push({
      field: "metadata.name",
      reason: "FieldValueRequired",
      message: "Required value: name or generateName is required",
    });
  } else {
    const nameErrors =
      rt.plural === "namespaces" ? dns1123LabelErrors(name) : dns1123SubdomainErrors(name);
    errors.push(...nameErrors.map((m) => invalidValue("metadata.name", name, m)));
  }
  const labels = objectAt(metadata, "labels") ?? {};
  for (const [key, value] of Object.entries(labels)) {
    errors.push(...labelKeyErrors(key).map((m) => invalidValue("metadata.labels", key, m)));
    if (typeof value !== "string") {
      errors.push(invalidValue("metadata.labels", String(value), "label values must be strings"));
      continue;
    }
    errors.push(...labelValueErrors(value).map((m) => invalidValue("metadata.labels", value, m)));
  }
  const annotations = objectAt(metadata, "annotations") ?? {};
  let size = 0;
  for (const [key, value] of Object.entries(annotations)) {
    errors.push(
      ...labelKeyErrors(key.toLowerCase()).map((m) => invalidValue("metadata.annotations", key, m)),
    );
    size += Buffer.byteLength(key) + Buffer.byteLength(typeof value === "string" ? value : "");
  }
  if (size > 262144) {
    errors.push({
      field: "metadata.annotations",
      reason: "FieldValueTooLong",
      message: "Too long: must have at most 262144 bytes",
    });
  }
  return errors;
}

function specErrors(rt: ResourceType, object: JsonObject, typed: boolean): FieldError[] {
  if (!rt.requiresSpec) return [];
  const spec = object.spec;
  if (spec === undefined || spec === null) {
    return [{ field: "spec", reason: "FieldValueRequired", message: "Required value" }];
  }
  // The minimal CRDs declare spec as an untyped object: nothing inside it is checked.
  if (!typed) return [];
  const entrypoint = isJsonObject(spec) ? spec.entrypoint : undefined;
  if (entrypoint !== undefined && entrypoint !== null && typeof entrypoint !== "string") {
    const type = jsonTypeName(entrypoint);
    return [
      invalidValue(
        "spec.entrypoint",
        type,
        `spec.entrypoint in body must be of type string: ${goQuote(type)}`,
      ),
    ];
  }
  return [];
}

/** The body's apiVersion must be the resource's (a 400 like the real decoder's). */
export function checkApiVersion(rt: ResourceType, object: JsonObject): void {
  const apiVersion = stringAt(object, "apiVersion");
  if (apiVersion !== undefined && apiVersion !== apiVersionOf(rt)) {
    throw badRequest(
      `the API version in the data (${apiVersion}) does not match the expected API version (${apiVersionOf(rt)})`,
    );
  }
}

/** Throws 422 Invalid when `object` would not be accepted by the real server. */
export function validateObject(
  rt: ResourceType,
  object: JsonObject,
  crds: "full" | "minimal",
): void {
  const kind = stringAt(object, "kind") ?? rt.kind;
  const name = stringAt(objectAt(object, "metadata"), "name") ?? "";
  const errors: FieldError[] = [];
  if (kind !== rt.kind) errors.push(invalidValue("kind", kind, `must be ${rt.kind}`));
  errors.push(...metadataErrors(rt, objectAt(object, "metadata")));
  errors.push(...specErrors(rt, object, crds === "full"));
  if (errors.length > 0) throw invalid(kind, rt.group, name, errors);
}
