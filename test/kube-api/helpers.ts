// Shared pieces of the client-node tests: object factories and reading ApiException answers.
import { ApiException, type KubernetesObject } from "@kubernetes/client-node";
import type { JsonObject } from "../support/kube-api/index.ts";

export const ARGO = { group: "argoproj.io", version: "v1alpha1" } as const;

/** What CustomObjectsApi returns (typed `any` by client-node). */
export interface ArgoObject extends KubernetesObject {
  metadata: NonNullable<KubernetesObject["metadata"]> & { name: string };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

export interface ArgoList {
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  items: ArgoObject[];
}

export const steps = {
  entrypoint: "main",
  templates: [{ name: "main", container: { image: "busybox", command: ["echo"], args: ["hi"] } }],
};

export function workflow(
  name: string,
  labels: Record<string, string> = {},
  extra: JsonObject = {},
): JsonObject {
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Workflow",
    metadata: { name, labels },
    spec: steps,
    ...extra,
  };
}

export function workflowTemplate(name: string, labels: Record<string, string> = {}): JsonObject {
  return { ...workflow(name, labels), kind: "WorkflowTemplate" };
}

export interface Failure {
  code: number;
  status: {
    reason?: string;
    message?: string;
    details?: Record<string, unknown>;
    metadata?: Record<string, unknown>;
  };
}

/** Awaits a call that must fail and returns the HTTP code and the parsed Status body. */
export async function failureOf(call: Promise<unknown>): Promise<Failure> {
  try {
    await call;
  } catch (error) {
    if (!(error instanceof ApiException)) throw error;
    const raw = (error as ApiException<unknown>).body;
    const status =
      typeof raw === "string" && raw.startsWith("{") ? (JSON.parse(raw) as Failure["status"]) : {};
    return { code: error.code, status };
  }
  throw new Error("expected the call to fail");
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` returns a value (not undefined), or fails after `ms`. */
export async function eventually<T>(
  check: () => T | undefined | Promise<T | undefined>,
  ms = 2000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await sleep(10);
  }
}
