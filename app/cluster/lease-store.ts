// The coordination.k8s.io Lease that decides which replica leads: read, create, and replace
// with the resourceVersion last read, so a replica that lost a race gets 409 and not the lease.
import { CoordinationV1Api, type KubeConfig, type V1Lease } from "@kubernetes/client-node";
import { KubeApiError } from "./kube-api-error.ts";
import { withSharedConnections } from "./shared-connections.ts";

export interface LeaseRecord {
  holder: string | undefined;
  durationSeconds: number;
  renewTime: string | undefined;
  transitions: number;
  resourceVersion: string;
}

export interface LeaseStore {
  get(): Promise<LeaseRecord | undefined>;
  /** Resolves false when another replica created it first. */
  create(holder: string, durationSeconds: number): Promise<boolean>;
  /** Resolves false on a conflict (the lease changed since `current` was read). */
  replace(
    current: LeaseRecord,
    next: Omit<LeaseRecord, "resourceVersion">,
    acquired: boolean,
  ): Promise<boolean>;
}

export function leaseStoreFor(kubeConfig: KubeConfig, namespace: string, name: string): LeaseStore {
  const api = withSharedConnections(kubeConfig).makeApiClient(CoordinationV1Api);
  const conflict = (error: unknown) => {
    const wrapped = KubeApiError.from(error);
    return wrapped instanceof KubeApiError && (wrapped.code === 409 || wrapped.code === 404);
  };
  const now = () => new Date().toISOString().replace(/Z$/, "000Z");
  let acquireTime: string | undefined;
  return {
    async get() {
      try {
        return recordOf(await api.readNamespacedLease({ namespace, name }));
      } catch (error) {
        const wrapped = KubeApiError.from(error);
        if (wrapped instanceof KubeApiError && wrapped.code === 404) return undefined;
        throw wrapped;
      }
    },
    async create(holder, durationSeconds) {
      acquireTime = now();
      try {
        await api.createNamespacedLease({
          namespace,
          body: {
            apiVersion: "coordination.k8s.io/v1",
            kind: "Lease",
            metadata: { name, namespace },
            spec: {
              holderIdentity: holder,
              leaseDurationSeconds: durationSeconds,
              acquireTime: acquireTime as unknown as Date,
              renewTime: acquireTime as unknown as Date,
              leaseTransitions: 0,
            },
          },
        });
        return true;
      } catch (error) {
        if (conflict(error)) return false;
        throw KubeApiError.from(error);
      }
    },
    async replace(current, next, acquired) {
      const time = now();
      if (acquired) acquireTime = time;
      try {
        await api.replaceNamespacedLease({
          namespace,
          name,
          body: {
            apiVersion: "coordination.k8s.io/v1",
            kind: "Lease",
            metadata: { name, namespace, resourceVersion: current.resourceVersion },
            spec: {
              ...(next.holder ? { holderIdentity: next.holder } : {}),
              leaseDurationSeconds: next.durationSeconds,
              ...(next.holder && acquireTime
                ? { acquireTime: acquireTime as unknown as Date }
                : {}),
              ...(next.holder ? { renewTime: time as unknown as Date } : {}),
              leaseTransitions: next.transitions,
            },
          },
        });
        return true;
      } catch (error) {
        if (conflict(error)) return false;
        throw KubeApiError.from(error);
      }
    },
  };
}

function recordOf(lease: V1Lease): LeaseRecord {
  const spec = lease.spec ?? {};
  const renew = spec.renewTime as unknown;
  return {
    holder: spec.holderIdentity || undefined,
    durationSeconds: spec.leaseDurationSeconds ?? 15,
    renewTime: renew instanceof Date ? renew.toISOString() : (renew as string | undefined),
    transitions: spec.leaseTransitions ?? 0,
    resourceVersion: lease.metadata?.resourceVersion ?? "",
  };
}
