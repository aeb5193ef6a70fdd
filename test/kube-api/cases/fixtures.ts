// Paths, objects and expected Status bodies shared by the raw HTTP cases.
import type { JsonObject, JsonValue } from "../../support/kube-api/index.ts";
import type { Expectation, RequestStep } from "../conformance.ts";

export const ARGO = "/apis/argoproj.io/v1alpha1";
export const WF = `${ARGO}/namespaces/{{ns}}/workflows`;
export const WT = `${ARGO}/namespaces/{{ns}}/workflowtemplates`;
export const CM = "/api/v1/namespaces/{{ns}}/configmaps";
export const APPLY = "application/apply-patch+yaml";
export const MERGE = "application/merge-patch+json";

export const steps = {
  entrypoint: "main",
  templates: [{ name: "main", container: { image: "busybox", command: ["echo"], args: ["hi"] } }],
};

export function workflow(
  name: string,
  labels: Record<string, string> = { app: "ts-probe" },
  spec: JsonValue = steps,
): JsonObject {
  return { apiVersion: "argoproj.io/v1alpha1", kind: "Workflow", metadata: { name, labels }, spec };
}

export const create = (
  name: string,
  labels?: Record<string, string>,
  capture?: Record<string, string>,
): RequestStep => ({
  method: "POST",
  path: WF,
  body: workflow(name, labels),
  ...(capture ? { capture } : {}),
});

export function failure(
  code: number,
  reason: string,
  message: string,
  details?: JsonObject,
): Expectation {
  const body: JsonObject = {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message,
    reason,
    code,
  };
  if (details) body.details = details;
  return {
    status: code,
    contentType: "application/json",
    body,
    ...(details ? {} : { absent: ["details"] }),
  };
}

export const wfDetails = (name: string) => ({ name, group: "argoproj.io", kind: "workflows" });
export const notFound = (name: string) =>
  failure(404, "NotFound", `workflows.argoproj.io "${name}" not found`, wfDetails(name));

export const SUBDOMAIN_RULE =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

export const ssaBody = (name: string, entrypoint = "main", labels = "{app: ts-probe}") =>
  `apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  name: ${name}\n  labels: ${labels}\nspec:\n  entrypoint: ${entrypoint}\n  templates:\n  - name: main\n    container: {image: busybox, command: [echo], args: [a]}\n`;

export const apply = (
  name: string,
  query: string,
  body: string,
  expectation?: Expectation,
): RequestStep => ({
  method: "PATCH",
  path: `${WF}/${name}${query}`,
  contentType: APPLY,
  body,
  ...(expectation ? { expect: expectation } : {}),
});

export const UNSUPPORTED =
  "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml";
