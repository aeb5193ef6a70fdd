// One request on a resource path: works out the verb, reads the options, and calls the operation.
import { applyObject } from "./apply.ts";
import type { ApiContext } from "./context.ts";
import { deleteCollection, deleteObject, readDeleteOptions } from "./deletes.ts";
import { parseFieldSelector } from "./field-selector.ts";
import { mediaType, type Responder } from "./http-io.ts";
import { type JsonValue, parseJson } from "./json.ts";
import { parseLabelSelector } from "./label-selector.ts";
import { type ListQuery, listBody, listObjects } from "./list.ts";
import type { PodLogs } from "./pod-logs.ts";
import { objectKey, type ResourceType } from "./resources.ts";
import { badRequest, invalidOptions, methodNotAllowed, notFound } from "./status.ts";
import type { WatchHub } from "./watch-hub.ts";
import { createObject, patchObject, replaceObject, writePodStatus } from "./writes.ts";

export interface ResourceRequest {
  method: string;
  rt: ResourceType;
  namespace: string | undefined;
  name: string | undefined;
  subresource: string | undefined;
  query: URLSearchParams;
  contentType: string | undefined;
  userAgent: string | undefined;
  body: string;
}

export interface ResourceServices {
  ctx: ApiContext;
  watches: WatchHub;
  podLogs: PodLogs;
  defaultWatchTimeoutSeconds: number;
}

export function verbOf(request: Pick<ResourceRequest, "method" | "name" | "query">): string {
  const watch = ["1", "true"].includes(request.query.get("watch") ?? "");
  switch (request.method) {
    case "GET":
      return request.name ? "get" : watch ? "watch" : "list";
    case "POST":
      return "create";
    case "PUT":
      return "update";
    case "PATCH":
      return "patch";
    case "DELETE":
      return request.name ? "delete" : "deletecollection";
    default:
      return request.method.toLowerCase();
  }
}

function listQuery(request: ResourceRequest): ListQuery {
  const { query, rt } = request;
  const parse = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (error) {
      throw badRequest((error as Error).message);
    }
  };
  const limit = Number(query.get("limit") ?? 0);
  return {
    namespace: request.namespace,
    labelSelector: parse(() => parseLabelSelector(query.get("labelSelector") ?? "")),
    fieldSelector: parse(() => parseFieldSelector(query.get("fieldSelector") ?? "", rt)),
    limit: Number.isInteger(limit) && limit > 0 ? limit : 0,
    continueToken: query.get("continue") || undefined,
    resourceVersion: query.get("resourceVersion") ?? undefined,
    resourceVersionMatch: query.get("resourceVersionMatch") ?? undefined,
  };
}

function parseBody(request: ResourceRequest): JsonValue | undefined {
  if (request.body.trim() === "") return undefined;
  const parsed = parseJson(request.body);
  if (!parsed.ok) throw badRequest(`couldn't get version/kind; json parse error: ${parsed.error}`);
  return parsed.value;
}

function managerOf(request: ResourceRequest): string {
  return request.query.get("fieldManager") || request.userAgent?.split("/")[0] || "unknown";
}

function dryRunOf(request: ResourceRequest, optionsKind: string): boolean {
  const values = request.query.getAll("dryRun");
  const bad = values.find((v) => v !== "All");
  if (bad !== undefined) {
    throw invalidOptions(optionsKind, {
      field: "dryRun",
      reason: "FieldValueNotSupported",
      message: `Unsupported value: ${JSON.stringify(bad)}: supported values: "All"`,
    });
  }
  return values.includes("All");
}

function serveSubresource(
  request: ResourceRequest,
  services: ResourceServices,
  out: Responder,
): void {
  const { rt, name = "" } = request;
  if (rt.plural === "pods" && request.subresource === "log") {
    if (request.method !== "GET") throw methodNotAllowed();
    out.text(
      200,
      services.podLogs.read(services.ctx.store, request.namespace ?? "", name, request.query),
      "text/plain",
    );
    return;
  }
  if (rt.plural === "pods" && request.subresource === "status") {
    servePodStatus(request, services, out);
    return;
  }
  // Argo's CRDs declare no subresources: the server answers as if the object did not exist.
  if (rt.custom) throw notFound(rt, name);
  out.text(404, "404 page not found\n");
}

/** GET, PUT and PATCH of a pod's status, as the kubelet writes it. */
function servePodStatus(
  request: ResourceRequest,
  services: ResourceServices,
  out: Responder,
): void {
  const { ctx } = services;
  const { rt, namespace, name = "" } = request;
  if (request.method === "GET") {
    const object = ctx.store.get(rt, objectKey(rt, namespace, name));
    if (!object) throw notFound(rt, name);
    out.json(200, object);
    return;
  }
  if (request.method !== "PUT" && request.method !== "PATCH") throw methodNotAllowed();
  const optionsKind = request.method === "PUT" ? "UpdateOptions" : "PatchOptions";
  const result = writePodStatus(
    ctx,
    rt,
    namespace,
    name,
    {
      method: request.method,
      contentType: mediaType(request.contentType) ?? "",
      raw: request.body,
    },
    { dryRun: dryRunOf(request, optionsKind), manager: managerOf(request) },
  );
  out.json(result.status, result.object);
}

function serveRead(request: ResourceRequest, services: ResourceServices, out: Responder): void {
  const { ctx } = services;
  const { rt, name } = request;
  if (name) {
    const object = ctx.store.get(rt, objectKey(rt, request.namespace, name));
    if (!object) throw notFound(rt, name);
    out.json(200, object);
    return;
  }
  const query = listQuery(request);
  if (verbOf(request) === "watch") {
    const rv = query.resourceVersion;
    if (rv && !/^\d+$/.test(rv)) throw badRequest(`invalid resource version: ${rv}`);
    const timeout = Number(
      request.query.get("timeoutSeconds") ?? services.defaultWatchTimeoutSeconds,
    );
    out.streaming(200);
    services.watches.start(out.response, {
      resource: rt,
      namespace: request.namespace,
      labelSelector: query.labelSelector,
      fieldSelector: query.fieldSelector,
      resourceVersion: rv,
      allowBookmarks: ["1", "true"].includes(request.query.get("allowWatchBookmarks") ?? ""),
      timeoutSeconds:
        Number.isFinite(timeout) && timeout > 0 ? timeout : services.defaultWatchTimeoutSeconds,
    });
    return;
  }
  out.json(200, listBody(rt, listObjects(ctx.store, rt, query)));
}

export function serveResource(
  request: ResourceRequest,
  services: ResourceServices,
  out: Responder,
): void {
  const { ctx } = services;
  const { rt, name, namespace, query } = request;
  if (request.subresource) {
    serveSubresource(request, services, out);
    return;
  }
  switch (request.method) {
    case "GET":
      serveRead(request, services, out);
      return;
    case "POST": {
      if (name) throw methodNotAllowed();
      const options = { dryRun: dryRunOf(request, "CreateOptions"), manager: managerOf(request) };
      const result = createObject(ctx, rt, namespace, parseBody(request), options);
      out.json(result.status, result.object);
      return;
    }
    case "PUT": {
      if (!name) throw methodNotAllowed();
      const options = { dryRun: dryRunOf(request, "UpdateOptions"), manager: managerOf(request) };
      const result = replaceObject(ctx, rt, namespace, name, parseBody(request), options);
      out.json(result.status, result.object);
      return;
    }
    case "PATCH": {
      if (!name) throw methodNotAllowed();
      const type = mediaType(request.contentType) ?? "";
      const dryRun = dryRunOf(request, "PatchOptions");
      const force = query.get("force") === "true";
      const result =
        type === "application/apply-patch+yaml"
          ? applyObject(ctx, rt, namespace, name, request.body, {
              fieldManager: query.get("fieldManager") ?? undefined,
              force,
              dryRun,
            })
          : (() => {
              if (query.has("force")) {
                throw invalidOptions("PatchOptions", {
                  field: "force",
                  reason: "FieldValueForbidden",
                  message: "Forbidden: may not be specified for non-apply patch",
                });
              }
              return patchObject(ctx, rt, namespace, name, type, request.body, {
                dryRun,
                manager: managerOf(request),
              });
            })();
      out.json(result.status, result.object);
      return;
    }
    case "DELETE": {
      const options = readDeleteOptions(query, parseBody(request));
      if (name) {
        const result = deleteObject(ctx, rt, namespace, name, options);
        out.json(result.status, result.body);
      } else {
        out.json(200, deleteCollection(ctx, rt, listQuery(request), options));
      }
      return;
    }
    default:
      throw methodNotAllowed();
  }
}
