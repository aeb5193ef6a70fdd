// Carries out a plan: templates are applied before the CronWorkflows that start them,
// and CronWorkflows are deleted before the templates they use. Writes go out side by side, a
// bounded number at a time; a write the server refuses with 429 Too Many Requests waits as long
// as the server asks (every write waits: it is one server) and is tried again.
import type { ArgoCluster } from "../cluster/argo-cluster.ts";
import { KubeApiError } from "../cluster/kube-api-error.ts";
import type { Change } from "../definitions/plan-changes.ts";
import { mapBounded } from "../util/map-bounded.ts";
import type { NamespaceDefinitionsCache } from "./namespace-definitions-cache.ts";

const parallelWrites = 16;
/** Tries of one write refused with 429 before the sync fails. */
const triesOn429 = 6;
/** The wait when a 429 names none, and the longest wait honoured. */
const defaultRetryAfterSeconds = 1;
const maxRetryAfterSeconds = 30;

export interface ApplyOptions {
  /**
   * Write only where the objects are as the plan saw them: an update names the resourceVersion
   * it was planned from, a delete the uid (either answers 409 Conflict when that has changed).
   */
  pinned?: boolean;
  /** Told what each write returned, so its copy of the namespace is never older than our writes. */
  cache?: NamespaceDefinitionsCache;
}

export async function applyChanges(
  cluster: ArgoCluster,
  namespace: string,
  changes: readonly Change[],
  options: ApplyOptions = {},
): Promise<void> {
  const writes = changes.filter(
    (change) => change.action === "create" || change.action === "update",
  );
  const deletes = changes.filter((change) => change.action === "delete");
  const throttle = new Throttle();
  for (const kind of ["WorkflowTemplate", "CronWorkflow"] as const) {
    await mapBounded(
      writes.filter((change) => change.kind === kind),
      parallelWrites,
      async (change) => {
        const desired =
          options.pinned && change.action === "update"
            ? {
                ...change.desired,
                metadata: {
                  ...change.desired.metadata,
                  resourceVersion: change.live.metadata.resourceVersion,
                },
              }
            : change.desired;
        const written = await throttle.run(() =>
          cluster.apply(change.kind, namespace, desired, { force: true }),
        );
        options.cache?.wrote(namespace, change.kind, written);
      },
    );
  }
  for (const kind of ["CronWorkflow", "WorkflowTemplate"] as const) {
    await mapBounded(
      deletes.filter((change) => change.kind === kind),
      parallelWrites,
      async (change) => {
        const uid = options.pinned ? change.live.metadata.uid : undefined;
        await throttle.run(() =>
          cluster.delete(change.kind, namespace, change.name, "Background", uid),
        );
        options.cache?.deleted(namespace, change.kind, change.live);
      },
    );
  }
}

/** Holds every write back until the time the server's latest 429 asked for has passed. */
class Throttle {
  #notBefore = 0;

  async run<T>(write: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const wait = this.#notBefore - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      try {
        return await write();
      } catch (error) {
        if (!(error instanceof KubeApiError) || error.code !== 429 || attempt >= triesOn429)
          throw error;
        const seconds = Math.min(
          error.retryAfterSeconds ?? defaultRetryAfterSeconds,
          maxRetryAfterSeconds,
        );
        this.#notBefore = Math.max(this.#notBefore, Date.now() + seconds * 1000);
      }
    }
  }
}
