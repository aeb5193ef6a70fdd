// A loopback kube-apiserver for tests: the real @kubernetes/client-node code path runs against it.
// It answers like kube-apiserver v1.20 with Argo's full CRDs (see ../shared/argo/apiserver-*.md).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { KubeConfig } from "@kubernetes/client-node";
import { type ApiContext, DeferredQueue } from "./context.ts";
import { deleteObject, readDeleteOptions } from "./deletes.ts";
import { FaultInjector, type FaultRule } from "./faults.ts";
import type { RequestRecord } from "./http-io.ts";
import type { JsonObject } from "./json.ts";
import { makeKubeConfig, writeKubeconfigFile } from "./kubeconfig.ts";
import { nameOf, namespaceOf, resourceVersionOf } from "./object-meta.ts";
import { PodLogs } from "./pod-logs.ts";
import { NAMESPACES, objectKey, resolveResource, resourceForObject } from "./resources.ts";
import { SchemaPruner } from "./schema-prune.ts";
import { type Authorizer, createRequestHandler } from "./server.ts";
import { ObjectStore } from "./store.ts";
import { WatchHub } from "./watch-hub.ts";
import { createObject, patchObject, replaceObject } from "./writes.ts";

export type { FaultRule } from "./faults.ts";
export type { RequestRecord } from "./http-io.ts";
export type { JsonObject, JsonValue } from "./json.ts";
export type { AccessRequest, Authorizer } from "./server.ts";
export { ApiError } from "./status.ts";

export interface TestKubeApiOptions {
  /** Bearer token every request must carry (user "admin"); none means no authentication. */
  token?: string;
  /** More bearer tokens and the user each stands for (for 403 tests with `setAuthorizer`). */
  users?: Record<string, string>;
  /** Changes kept for snapshots/watch resumption (default 10 000); older RVs answer 410. */
  historyLimit?: number;
  /** Period of BOOKMARK events on watches that allow them (default 60 s, like the server). */
  bookmarkIntervalMs?: number;
  /** How long the garbage collector waits before each round (default 0: the next tick). */
  gcDelayMs?: number;
  /** Watch length when the client gives no timeoutSeconds (default 300 s). */
  defaultWatchTimeoutSeconds?: number;
  /**
   * "prune" (default): drop fields Argo's schema does not declare, as the API server does with
   * the full Argo CRDs (recorded). "preserve": keep them, as with the minimal CRDs.
   */
  crds?: "full" | "minimal";
  schemaUrl?: URL;
  /** Namespaces that exist at start (default: default, kube-system, kube-public, kube-node-lease). */
  namespaces?: string[];
}

export interface TestKubeApi {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  readonly token: string | undefined;
  /** Every request so far: method, path, query, contentType, status. */
  readonly requests: readonly RequestRecord[];
  resetRequestLog(): void;
  /** A KubeConfig for client-node (server = url, token user, namespace "default"). */
  kubeConfig(namespace?: string): KubeConfig;
  /** Writes a kubeconfig file (for code that reads KUBECONFIG). */
  writeKubeconfig(path: string, namespace?: string): Promise<void>;
  /** The latest resourceVersion. */
  readonly resourceVersion: string;
  createNamespace(name: string): JsonObject;
  /** Store reads, without HTTP. `resource` is a plural ("workflows"), a Kind or "group/plural". */
  get(resource: string, namespace: string | undefined, name: string): JsonObject | undefined;
  list(resource: string, namespace?: string): JsonObject[];
  /** Creates or replaces (no resourceVersion check) through the same rules as the API. */
  put(object: JsonObject, manager?: string): JsonObject;
  /** Merge patch (RFC 7386), e.g. for a test that plays the Argo controller writing status. */
  patch(
    resource: string,
    namespace: string | undefined,
    name: string,
    patch: JsonObject,
    manager?: string,
  ): JsonObject;
  delete(
    resource: string,
    namespace: string | undefined,
    name: string,
    propagationPolicy?: "Background" | "Foreground" | "Orphan",
  ): void;
  /** Forgets the change history: older resourceVersions and continue tokens answer 410 Expired. */
  compact(): void;
  injectFault(rule: FaultRule): void;
  clearFaults(): void;
  /** Decides 403s; undefined allows everything. */
  setAuthorizer(authorizer: Authorizer | undefined): void;
  /** Cuts every open watch stream abruptly. */
  dropWatches(): void;
  readonly openWatches: number;
  setPodLog(namespace: string, pod: string, text: string, container?: string): void;
  appendPodLog(namespace: string, pod: string, text: string, container?: string): void;
  setPodWaiting(
    namespace: string,
    pod: string,
    waiting: boolean,
    options?: { container?: string; reason?: string },
  ): void;
  /** Resolves once the garbage collector has nothing left to do. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export async function startTestKubeApi(options: TestKubeApiOptions = {}): Promise<TestKubeApi> {
  const store = new ObjectStore(options.historyLimit ?? 10_000);
  const gc = new DeferredQueue(options.gcDelayMs ?? 0);
  const pruner = options.crds === "minimal" ? undefined : new SchemaPruner(options.schemaUrl);
  const ctx: ApiContext = { store, gc, pruner, crds: options.crds ?? "full" };
  const watches = new WatchHub(store, options.bookmarkIntervalMs ?? 60_000);
  const podLogs = new PodLogs();
  const faults = new FaultInjector();
  const log: RequestRecord[] = [];
  const tokens = new Map<string, string>(Object.entries(options.users ?? {}));
  if (options.token) tokens.set(options.token, "admin");
  let authorizer: Authorizer | undefined;

  const harness = { dryRun: false, manager: "test-harness" };
  const createNamespace = (name: string) =>
    createObject(ctx, NAMESPACES, undefined, { metadata: { name } }, harness).object;
  for (const name of options.namespaces ?? [
    "default",
    "kube-system",
    "kube-public",
    "kube-node-lease",
  ]) {
    createNamespace(name);
  }

  const handler = createRequestHandler({
    services: {
      ctx,
      watches,
      podLogs,
      defaultWatchTimeoutSeconds: options.defaultWatchTimeoutSeconds ?? 300,
    },
    tokens,
    faults,
    log,
    authorizer: () => authorizer,
  });
  const server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    token: options.token,
    get requests() {
      return log;
    },
    resetRequestLog: () => {
      log.length = 0;
    },
    kubeConfig: (namespace) => makeKubeConfig(url, options.token, namespace),
    writeKubeconfig: (path, namespace) => writeKubeconfigFile(path, url, options.token, namespace),
    get resourceVersion() {
      return String(store.resourceVersion);
    },
    createNamespace,
    get: (resource, namespace, name) => {
      const rt = resolveResource(resource);
      const object = store.get(rt, objectKey(rt, namespace, name));
      return object ? structuredClone(object) : undefined;
    },
    list: (resource, namespace) => {
      const rt = resolveResource(resource);
      return store
        .entries(rt)
        .filter(([key]) => !namespace || !rt.namespaced || key.startsWith(`${namespace}/`))
        .map(([, object]) => structuredClone(object));
    },
    put: (object, manager = "test-harness") => {
      const rt = resourceForObject(object);
      const namespace = rt.namespaced ? (namespaceOf(object) ?? "default") : undefined;
      const existing = store.get(rt, objectKey(rt, namespace, nameOf(object)));
      const options = { dryRun: false, manager };
      if (!existing) return createObject(ctx, rt, namespace, object, options).object;
      const body = structuredClone(object);
      body.metadata = {
        ...(body.metadata as JsonObject),
        resourceVersion: resourceVersionOf(existing),
      };
      return replaceObject(ctx, rt, namespace, nameOf(object), body, options).object;
    },
    patch: (resource, namespace, name, patch, manager = "test-harness") => {
      const rt = resolveResource(resource);
      const raw = JSON.stringify(patch);
      return patchObject(ctx, rt, namespace, name, "application/merge-patch+json", raw, {
        dryRun: false,
        manager,
      }).object;
    },
    delete: (resource, namespace, name, propagationPolicy) => {
      const rt = resolveResource(resource);
      deleteObject(
        ctx,
        rt,
        namespace,
        name,
        readDeleteOptions(
          new URLSearchParams(),
          propagationPolicy ? { propagationPolicy } : undefined,
        ),
      );
    },
    compact: () => store.compact(),
    injectFault: (rule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    setAuthorizer: (next) => {
      authorizer = next;
    },
    dropWatches: () => watches.dropAll(),
    get openWatches() {
      return watches.openCount;
    },
    setPodLog: (namespace, pod, text, container) => podLogs.setLog(namespace, pod, text, container),
    appendPodLog: (namespace, pod, text, container) =>
      podLogs.appendLog(namespace, pod, text, container),
    setPodWaiting: (namespace, pod, waiting, opts) =>
      podLogs.setWaiting(namespace, pod, waiting, opts?.container, opts?.reason),
    settle: () => gc.idle(),
    close: async () => {
      watches.closeAll();
      gc.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
