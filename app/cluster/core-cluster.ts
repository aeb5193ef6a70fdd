// The core Kubernetes objects coxswain reads around a run: the pods of its steps, their logs,
// and the Secrets a step refers to (only to mask their values in what is posted).
import {
  CoreV1Api,
  type KubeConfig,
  type V1ContainerStatus,
  type V1PodSpec,
} from "@kubernetes/client-node";
import { KubeApiError } from "./kube-api-error.ts";
import { withSharedConnections } from "./shared-connections.ts";

export interface PodInfo {
  name: string;
  annotations: Record<string, string>;
  /** Why the scheduler has not placed it, while it has not been (its PodScheduled condition). */
  unscheduled?: string;
  /** What the pod runs: its containers and volumes (where the Secrets it reads are named). */
  spec: V1PodSpec | undefined;
  /** When its `main` container started (epoch ms), once it has, running or terminated. */
  mainStartedAt?: number;
}

export interface CoreCluster {
  podsWithLabel(namespace: string, labelSelector: string): Promise<PodInfo[]>;
  /** The last lines of a container's log, or why the API has none (the pod gone, not started). */
  logTail(
    namespace: string,
    pod: string,
    container: string,
    lines: number,
  ): Promise<{ text: string } | { unavailable: string }>;
  /** The decoded values of a Secret; empty when it does not exist. */
  secretValues(namespace: string, name: string): Promise<Record<string, string>>;
}

export function coreClusterFor(kubeConfig: KubeConfig): CoreCluster {
  const api = withSharedConnections(kubeConfig).makeApiClient(CoreV1Api);
  const missing = (error: unknown) => {
    const wrapped = KubeApiError.from(error);
    return wrapped instanceof KubeApiError && (wrapped.code === 404 || wrapped.code === 400);
  };
  return {
    async podsWithLabel(namespace, labelSelector) {
      const list = await api.listNamespacedPod({ namespace, labelSelector });
      return list.items.map((pod) => {
        const scheduled = pod.status?.conditions?.find((c) => c.type === "PodScheduled");
        return {
          name: pod.metadata?.name ?? "",
          annotations: pod.metadata?.annotations ?? {},
          ...(scheduled?.status === "False"
            ? { unscheduled: scheduled.message || scheduled.reason || "not scheduled" }
            : {}),
          spec: pod.spec,
          mainStartedAt: mainStartOf(pod.status?.containerStatuses),
        };
      });
    },
    async logTail(namespace, pod, container, lines) {
      try {
        return {
          text: await api.readNamespacedPodLog({
            namespace,
            name: pod,
            container,
            tailLines: lines,
          }),
        };
      } catch (error) {
        if (!missing(error)) throw KubeApiError.from(error);
        const { code, message } = KubeApiError.from(error) as KubeApiError;
        return { unavailable: `the log API answered ${code}: ${message}` };
      }
    },
    async secretValues(namespace, name) {
      try {
        const secret = await api.readNamespacedSecret({ namespace, name });
        return Object.fromEntries(
          Object.entries(secret.data ?? {}).map(([key, value]) => [
            key,
            Buffer.from(value, "base64").toString("utf8"),
          ]),
        );
      } catch (error) {
        if (missing(error)) return {};
        throw KubeApiError.from(error);
      }
    },
  };
}

/** The `main` container's start, from its state: running, or terminated (when it had started). */
function mainStartOf(statuses: V1ContainerStatus[] | undefined): number | undefined {
  const state = statuses?.find((status) => status.name === "main")?.state;
  const started = state?.running?.startedAt ?? state?.terminated?.startedAt;
  // client-node gives a Date; a string is read too, should a version hand the raw value over.
  const at = started === undefined ? Number.NaN : new Date(started as Date | string).getTime();
  return Number.isFinite(at) ? at : undefined;
}
