// The HTTP front: request log, authentication, injected faults, authorisation, routing, errors.
import type { IncomingMessage, ServerResponse } from "node:http";
import { discoveryDocument } from "./discovery.ts";
import type { FaultInjector } from "./faults.ts";
import { mediaType, type RequestRecord, Responder, readBody } from "./http-io.ts";
import { type ResourceServices, serveResource, verbOf } from "./resource-handler.ts";
import type { ResourceType } from "./resources.ts";
import { route } from "./routes.ts";
import { ApiError, forbidden, internalError, unauthorized } from "./status.ts";

export interface AccessRequest {
  user: string;
  verb: string;
  group: string;
  resource: string;
  subresource: string | undefined;
  namespace: string | undefined;
  name: string | undefined;
}

/** Returns false to answer 403 Forbidden. */
export type Authorizer = (request: AccessRequest) => boolean;

export interface FrontDeps {
  services: ResourceServices;
  /** Bearer token → user name; empty means no authentication (everyone is "admin"). */
  tokens: ReadonlyMap<string, string>;
  faults: FaultInjector;
  log: RequestRecord[];
  authorizer: () => Authorizer | undefined;
}

const anonymous = "system:anonymous";

/** A wrong token is 401; no credentials at all make the anonymous user (kube-apiserver's default). */
function authenticate(request: IncomingMessage, tokens: ReadonlyMap<string, string>): string {
  if (tokens.size === 0) return "admin";
  const header = request.headers.authorization;
  if (header === undefined) return anonymous;
  const user = header.startsWith("Bearer ") ? tokens.get(header.slice(7).trim()) : undefined;
  if (!user) throw unauthorized();
  return user;
}

function authorize(deps: FrontDeps, access: AccessRequest, rt: ResourceType): void {
  const authorizer = deps.authorizer();
  // RBAC grants the anonymous user no access to resources.
  if (access.user === anonymous || (authorizer && !authorizer(access))) {
    throw forbidden(
      access.user,
      access.verb,
      rt,
      access.subresource,
      access.namespace,
      access.name,
    );
  }
}

export function createRequestHandler(deps: FrontDeps) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? "/", "http://localhost");
    const method = (request.method ?? "GET").toUpperCase();
    const record: RequestRecord = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      contentType: mediaType(request.headers["content-type"]),
      status: 0,
      watch: false,
    };
    deps.log.push(record);
    const out = new Responder(response, record);
    try {
      const body = await readBody(request);
      const target = route(url.pathname);
      if (target.kind === "health") {
        out.text(200, "ok");
        return;
      }
      const user = authenticate(request, deps.tokens);
      const fault = deps.faults.take(method, url.pathname);
      if (fault) throw fault;
      if (target.kind === "none") {
        out.text(404, "404 page not found\n");
        return;
      }
      if (target.kind === "discovery") {
        const document = discoveryDocument(target.segments);
        if (document) out.json(200, document);
        else out.text(404, "404 page not found\n");
        return;
      }
      const { rt, namespace, name, subresource } = target;
      const verb = verbOf({ method, name, query: url.searchParams });
      authorize(
        deps,
        { user, verb, group: rt.group, resource: rt.plural, subresource, namespace, name },
        rt,
      );
      serveResource(
        {
          method,
          rt,
          namespace,
          name,
          subresource,
          query: url.searchParams,
          contentType: request.headers["content-type"],
          userAgent: request.headers["user-agent"],
          body,
        },
        deps.services,
        out,
      );
    } catch (error) {
      const apiError =
        error instanceof ApiError
          ? error
          : internalError((error as Error).message ?? String(error));
      out.json(apiError.code, apiError.body, apiError.headers);
    }
  };
}
