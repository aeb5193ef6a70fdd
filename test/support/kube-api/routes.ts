// URL paths of the Kubernetes API mapped to the resource they address.
import { findResource, isKnownGroupVersion, type ResourceType } from "./resources.ts";

export type Route =
  | {
      kind: "resource";
      rt: ResourceType;
      namespace: string | undefined;
      name: string | undefined;
      subresource: string | undefined;
    }
  | { kind: "discovery"; segments: string[] }
  | { kind: "health" }
  | { kind: "none" };

const NONE: Route = { kind: "none" };

function resourceRoute(group: string, version: string, rest: string[]): Route {
  const [first, second, third, fourth, fifth] = rest;
  if (first === "namespaces" && third !== undefined) {
    const rt = findResource(group, version, third);
    if (rt?.namespaced) {
      if (rest.length > 5) return NONE;
      return { kind: "resource", rt, namespace: second, name: fourth, subresource: fifth };
    }
  }
  if (first === undefined || rest.length > 3) return NONE;
  const rt = findResource(group, version, first);
  if (!rt) return NONE;
  if (rt.namespaced) {
    // Only the all-namespaces collection exists outside /namespaces/{ns}/.
    return rest.length === 1
      ? { kind: "resource", rt, namespace: undefined, name: undefined, subresource: undefined }
      : NONE;
  }
  return { kind: "resource", rt, namespace: undefined, name: second, subresource: third };
}

export function route(pathname: string): Route {
  let segments: string[];
  try {
    segments = pathname
      .split("/")
      .filter((s) => s !== "")
      .map(decodeURIComponent);
  } catch {
    return NONE;
  }
  const [root, a, b] = segments;
  if (root === "healthz" || root === "readyz" || root === "livez") return { kind: "health" };
  if (root === "version" && segments.length === 1) return { kind: "discovery", segments };
  if (root === "api") {
    if (segments.length <= 2)
      return a === undefined || a === "v1" ? { kind: "discovery", segments } : NONE;
    return a === "v1" ? resourceRoute("", "v1", segments.slice(2)) : NONE;
  }
  if (root === "apis") {
    if (segments.length <= 3) return { kind: "discovery", segments };
    return a !== undefined && b !== undefined && isKnownGroupVersion(a, b)
      ? resourceRoute(a, b, segments.slice(3))
      : NONE;
  }
  return NONE;
}
