// Runs the raw-HTTP cases of cases.ts against a target: the test API, or a real kube-apiserver.
import { expect } from "vitest";
import type { JsonValue } from "../support/kube-api/index.ts";
import {
  type Capabilities,
  type Capability,
  describeCapabilities,
  missingCapabilities,
} from "./capabilities.ts";

export interface Target {
  url: string;
  /** Bearer token of a user allowed to do everything (absent: no Authorization header). */
  token: string | undefined;
  /** Namespace the cases work in; created by `prepare`. */
  namespace: string;
  /** What only some targets can do; a case needing more fails, unless skipped with its reason. */
  capabilities: Capabilities;
  /** How to send requests (a real server's TLS needs its CA); global fetch by default. */
  fetch?: typeof fetch;
  /**
   * Which of Argo's CRDs the server has: the full ones (typed schema, unknown fields pruned,
   * spec granular; what apiserver-recorded.md holds) or the minimal ones (untyped, atomic spec).
   */
  crds: "full" | "minimal";
}

export interface Expectation {
  status: number;
  /** Prefix of the answer's Content-Type. */
  contentType?: string;
  /** Exact raw body. */
  text?: string;
  /** Subset the JSON body must match (vitest toMatchObject); strings may hold {{vars}}. */
  body?: JsonValue;
  /** Dotted paths that must be present / absent in the JSON body. */
  present?: string[];
  absent?: string[];
  /** Dotted path → regular expression its string value must match. */
  matches?: Record<string, string>;
  /** Exact list of items[].metadata.name. */
  itemNames?: string[];
  /** For watch requests: the events of the whole stream, each matched as a subset. */
  events?: { type: string; object?: JsonValue }[];
  headers?: Record<string, string>;
}

export interface RequestStep {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Path and query; {{ns}}, {{run}} and captured {{vars}} are substituted. */
  path: string;
  contentType?: string;
  /** JSON values are serialised; strings are sent as they are (YAML for apply). */
  body?: JsonValue;
  /** Overrides the target's token: a template, or null for no Authorization header. */
  token?: string | null;
  /** Without it the step must answer 2xx. */
  expect?: Expectation;
  /** Variable name → dotted path in the JSON answer, usable as {{name}} in later steps. */
  capture?: Record<string, string>;
  /** Retries until the expectation holds, for what the garbage collector does later. */
  retryForMs?: number;
}

export type ActionStep =
  | { action: "compact" }
  | { action: "podLog"; pod: string; text: string }
  | { action: "podWaiting"; pod: string }
  | { action: "fault"; pathPrefix: string; retryAfterSeconds: number };

export type Step = RequestStep | ActionStep;

export interface ConformanceCase {
  name: string;
  needs?: Capability[];
  steps: Step[];
}

type Vars = Record<string, string>;

function fill(value: string, vars: Vars): string {
  return value.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => vars[name] ?? whole);
}

function fillJson(value: JsonValue, vars: Vars): JsonValue {
  if (typeof value === "string") return fill(value, vars);
  if (Array.isArray(value)) return value.map((v) => fillJson(v, vars));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillJson(v, vars)]));
  }
  return value;
}

function at(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

// A missing hook fails the case: a silent no-op would let it pass without testing anything.
function hook<T>(value: T | undefined, capability: Capability): T {
  if (value === undefined)
    throw new Error(`the target lacks ${describeCapabilities([capability])}`);
  return value;
}

async function runAction(target: Target, step: ActionStep): Promise<void> {
  const caps = target.capabilities;
  if (step.action === "compact") await hook(caps.compact, "compact")();
  else if (step.action === "podLog")
    hook(caps.setPodLog, "podLogs")(target.namespace, step.pod, step.text);
  else if (step.action === "podWaiting")
    hook(caps.setPodWaiting, "podLogs")(target.namespace, step.pod);
  else
    hook(
      caps.injectFault,
      "injectFault",
    )({
      pathPrefix: fill(step.pathPrefix, { ns: target.namespace }),
      status: 429,
      retryAfterSeconds: step.retryAfterSeconds,
    });
}

interface Answer {
  status: number;
  contentType: string;
  headers: Headers;
  text: string;
  json: unknown;
}

async function send(target: Target, step: RequestStep, vars: Vars): Promise<Answer> {
  const headers: Record<string, string> = {};
  const token =
    step.token === undefined
      ? target.token
      : step.token === null
        ? undefined
        : fill(step.token, vars);
  if (token) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (step.body !== undefined) {
    body =
      typeof step.body === "string"
        ? fill(step.body, vars)
        : JSON.stringify(fillJson(step.body, vars));
    headers["content-type"] = step.contentType ?? "application/json";
  }
  const response = await (target.fetch ?? fetch)(`${target.url}${fill(step.path, vars)}`, {
    method: step.method,
    headers,
    body,
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return {
    status: response.status,
    contentType: response.headers.get("content-type") ?? "",
    headers: response.headers,
    text,
    json,
  };
}

function check(answer: Answer, expected: Expectation | undefined, vars: Vars, label: string): void {
  const context = `${label}\nanswer: ${answer.status} ${answer.text.slice(0, 2000)}`;
  if (!expected) {
    expect(answer.status, context).toBeLessThan(300);
    return;
  }
  expect(answer.status, context).toBe(expected.status);
  if (expected.contentType)
    expect(answer.contentType.startsWith(expected.contentType), context).toBe(true);
  if (expected.text !== undefined) expect(answer.text, context).toBe(fill(expected.text, vars));
  if (expected.body !== undefined)
    expect(answer.json, context).toMatchObject(fillJson(expected.body, vars) as object);
  for (const path of expected.present ?? [])
    expect(at(answer.json, path), `${context}\n${path} present`).toBeDefined();
  for (const path of expected.absent ?? [])
    expect(at(answer.json, path), `${context}\n${path} absent`).toBeUndefined();
  for (const [path, pattern] of Object.entries(expected.matches ?? {})) {
    expect(String(at(answer.json, path)), context).toMatch(new RegExp(fill(pattern, vars)));
  }
  if (expected.itemNames) {
    const items = (at(answer.json, "items") as { metadata: { name: string } }[] | undefined) ?? [];
    expect(
      items.map((i) => i.metadata.name),
      context,
    ).toEqual(expected.itemNames.map((n) => fill(n, vars)));
  }
  if (expected.events) {
    const events = answer.text
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => JSON.parse(l) as unknown);
    expect(events, context).toMatchObject(fillJson(expected.events as JsonValue, vars) as object);
  }
  for (const [name, value] of Object.entries(expected.headers ?? {})) {
    expect(answer.headers.get(name), context).toBe(fill(value, vars));
  }
}

async function runRequest(
  target: Target,
  step: RequestStep,
  vars: Vars,
  label: string,
): Promise<void> {
  const deadline = Date.now() + (step.retryForMs ?? 0);
  for (;;) {
    const answer = await send(target, step, vars);
    try {
      check(answer, step.expect, vars, label);
      for (const [name, path] of Object.entries(step.capture ?? {}))
        vars[name] = String(at(answer.json, path));
      return;
    } catch (error) {
      if (Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Runs one case's steps in order; throws (an assertion error) on the first mismatch. */
export async function runCase(target: Target, c: ConformanceCase, run: string): Promise<void> {
  const missing = missingCapabilities(target, c);
  if (missing.length > 0) throw new Error(`the target lacks ${describeCapabilities(missing)}`);
  const vars: Vars = {
    ns: target.namespace,
    run,
    restrictedToken: target.capabilities.restrictedToken ?? "",
  };
  for (const [index, step] of c.steps.entries()) {
    if ("action" in step) await runAction(target, step);
    else
      await runRequest(
        target,
        step,
        vars,
        `${c.name} — step ${index + 1}: ${step.method} ${fill(step.path, vars)}`,
      );
  }
}

/** Creates the target's namespace (a conflict means it is already there). */
export async function prepare(target: Target): Promise<void> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (target.token) headers.authorization = `Bearer ${target.token}`;
  const response = await (target.fetch ?? fetch)(`${target.url}/api/v1/namespaces`, {
    method: "POST",
    headers,
    body: JSON.stringify({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: target.namespace },
    }),
  });
  if (response.status !== 201 && response.status !== 409)
    throw new Error(`cannot create namespace: ${response.status} ${await response.text()}`);
}
