// The core Kubernetes objects coxswain reads around a run: the pods of its steps, their logs,
// and the Secrets a step refers to (only to mask their values in what is posted).
import { CoreV1Api, type KubeConfig, type V1PodSpec } from "@kubernetes/client-node";
import { KubeApiError } from "./kube-api-error.ts";
import { withSharedConnections } from "./shared-connections.ts";

export interface PodInfo {
  name: string;
  annotations: Record<string, string>;
  /** What the pod runs: its containers and volumes (where the Secrets it reads are named). */
  spec: V1PodSpec | undefined;
}

export interface CoreCluster {
  podsWithLabel(namespace: string, labelSelector: string): Promise<PodInfo[]>;
  /** The last lines of a container's log; undefined when the pod is gone or not started. */
  logTail(
    namespace: string,
    pod: string,
    container: string,
    lines: number,
  ): Promise<string | undefined>;
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
      return list.items.map((pod) => ({
        name: pod.metadata?.name ?? "",
        annotations: pod.metadata?.annotations ?? {},
        spec: pod.spec,
      }));
    },
    async logTail(namespace, pod, container, lines) {
      try {
        return await api.readNamespacedPodLog({
          namespace,
          name: pod,
          container,
          tailLines: lines,
        });
      } catch (error) {
        if (missing(error)) return undefined;
        throw KubeApiError.from(error);
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
