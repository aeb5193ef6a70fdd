// Status bodies in the exact shape and wording of kube-apiserver (see apiserver-recorded.md).
import type { JsonObject } from "./json.ts";
import { groupResource, qualifiedKind, type ResourceType } from "./resources.ts";

export interface StatusCause {
  reason: string;
  message: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** A failed request: the HTTP code, the Status body and any extra headers. */
export class ApiError extends Error {
  readonly code: number;
  readonly body: JsonObject;
  readonly headers: Record<string, string>;

  constructor(code: number, body: JsonObject, headers: Record<string, string> = {}) {
    super(typeof body.message === "string" ? body.message : `HTTP ${code}`);
    this.code = code;
    this.body = body;
    this.headers = headers;
  }
}

function detailsJson(details: StatusDetails): JsonObject {
  const out: JsonObject = {};
  if (details.name) out.name = details.name;
  if (details.group) out.group = details.group;
  if (details.kind) out.kind = details.kind;
  if (details.uid) out.uid = details.uid;
  if (details.causes) {
    out.causes = details.causes.map((c) => {
      const cause: JsonObject = {};
      if (c.reason) cause.reason = c.reason;
      cause.message = c.message;
      if (c.field !== undefined) cause.field = c.field;
      return cause;
    });
  }
  if (details.retryAfterSeconds) out.retryAfterSeconds = details.retryAfterSeconds;
  return out;
}

export function failure(
  code: number,
  reason: string | undefined,
  message: string,
  details?: StatusDetails,
  metadata: JsonObject = {},
): ApiError {
  const body: JsonObject = {
    kind: "Status",
    apiVersion: "v1",
    metadata,
    status: "Failure",
    message,
  };
  if (reason) body.reason = reason;
  if (details) body.details = detailsJson(details);
  body.code = code;
  return new ApiError(code, body);
}

const resourceDetails = (rt: ResourceType, name?: string): StatusDetails => ({
  ...(name ? { name } : {}),
  group: rt.group,
  kind: rt.plural,
});

export const notFound = (rt: ResourceType, name: string) =>
  failure(404, "NotFound", `${groupResource(rt)} "${name}" not found`, resourceDetails(rt, name));

export const alreadyExists = (rt: ResourceType, name: string) =>
  failure(
    409,
    "AlreadyExists",
    `${groupResource(rt)} "${name}" already exists`,
    resourceDetails(rt, name),
  );

export const conflictModified = (rt: ResourceType, name: string) =>
  failure(
    409,
    "Conflict",
    `Operation cannot be fulfilled on ${groupResource(rt)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    resourceDetails(rt, name),
  );

/** Failed delete precondition; the real server names the Kind here, not the resource. */
export const conflictPrecondition = (rt: ResourceType, name: string, what: string) =>
  failure(
    409,
    "Conflict",
    `Operation cannot be fulfilled on ${qualifiedKind(rt.kind, rt.group)} "${name}": ${what}`,
    { name, group: rt.group, kind: rt.kind },
  );

export interface FieldError {
  field: string;
  reason:
    | "FieldValueInvalid"
    | "FieldValueRequired"
    | "FieldValueNotSupported"
    | "FieldValueForbidden"
    | "FieldValueTooLong";
  /** The cause message, e.g. `Invalid value: "x": must be ...`. */
  message: string;
}

/** 422 Invalid. `kind`/`group` name the thing that is invalid (a Kind, or a resource for some errors). */
export function invalid(kind: string, group: string, name: string, errors: FieldError[]): ApiError {
  const parts = errors.map((e) => `${e.field}: ${e.message}`);
  const summary = parts.length === 1 ? parts[0] : `[${parts.join(", ")}]`;
  return failure(422, "Invalid", `${qualifiedKind(kind, group)} "${name}" is invalid: ${summary}`, {
    name,
    group,
    kind,
    causes: errors.map((e) => ({ reason: e.reason, message: e.message, field: e.field })),
  });
}

export const invalidOptions = (kind: string, error: FieldError) =>
  invalid(kind, "meta.k8s.io", "", [error]);

export const badRequest = (message: string) => failure(400, "BadRequest", message);

export const unsupportedMediaType = () =>
  failure(
    415,
    "UnsupportedMediaType",
    "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml",
  );

export const methodNotAllowed = () =>
  failure(
    405,
    "MethodNotAllowed",
    "the server does not allow this method on the requested resource",
    {},
  );

export const unauthorized = () => failure(401, "Unauthorized", "Unauthorized");

export function forbidden(
  user: string,
  verb: string,
  rt: ResourceType,
  subresource: string | undefined,
  namespace: string | undefined,
  name: string | undefined,
): ApiError {
  const resource = subresource ? `${rt.plural}/${subresource}` : rt.plural;
  const target = name ? `${groupResource(rt)} "${name}"` : groupResource(rt);
  const scope = namespace ? `in the namespace "${namespace}"` : "at the cluster scope";
  return failure(
    403,
    "Forbidden",
    `${target} is forbidden: User "${user}" cannot ${verb} resource "${resource}" in API group "${rt.group}" ${scope}`,
    { ...(name ? { name } : {}), group: rt.group, kind: rt.plural },
  );
}

export const expired = (message: string, continueToken?: string) =>
  failure(410, "Expired", message, undefined, continueToken ? { continue: continueToken } : {});

export function tooManyRequests(retryAfterSeconds: number): ApiError {
  const error = failure(429, "TooManyRequests", "Too many requests, please try again later.", {
    retryAfterSeconds,
  });
  error.headers["Retry-After"] = String(retryAfterSeconds);
  return error;
}

export const internalError = (message: string) =>
  failure(500, "InternalError", `Internal error occurred: ${message}`, {
    causes: [{ reason: "", message }],
  });

export function serviceUnavailable(retryAfterSeconds?: number): ApiError {
  const error = failure(
    503,
    "ServiceUnavailable",
    "the server is currently unable to handle the request",
  );
  if (retryAfterSeconds) error.headers["Retry-After"] = String(retryAfterSeconds);
  return error;
}

export function success(rt: ResourceType, name: string, uid: string): JsonObject {
  return {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Success",
    details: detailsJson({ name, group: rt.group, kind: rt.plural, uid }),
  };
}
