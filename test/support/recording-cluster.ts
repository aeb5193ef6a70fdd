// Wraps the app's cluster adapter and records each call, so a test can say how many lists and
// writes a sync made — on the loopback API and on a real kube-apiserver alike.
import type { ArgoCluster } from "../../app/cluster/argo-cluster.ts";

export interface ClusterCall {
  method: "get" | "list" | "listPage" | "create" | "apply" | "mergePatch" | "delete" | "watch";
  kind: string;
  name?: string;
  /** The precondition the call named: an apply's metadata.resourceVersion, a delete's uid. */
  precondition?: string;
}

const writeMethods = new Set<ClusterCall["method"]>(["create", "apply", "mergePatch", "delete"]);

export interface RecordingCluster {
  cluster: ArgoCluster;
  calls: ClusterCall[];
  writes(): ClusterCall[];
  reset(): void;
}

export function recordingCluster(inner: ArgoCluster): RecordingCluster {
  const calls: ClusterCall[] = [];
  const recorded = <T>(
    method: ClusterCall["method"],
    kind: string,
    name: string | undefined,
    call: () => T,
    precondition?: string,
  ): T => {
    calls.push({
      method,
      kind,
      ...(name ? { name } : {}),
      ...(precondition ? { precondition } : {}),
    });
    return call();
  };
  const cluster: ArgoCluster = {
    get: (kind, namespace, name) =>
      recorded("get", kind, name, () => inner.get(kind, namespace, name)),
    listPage: (kind, namespace, options) =>
      recorded("listPage", kind, undefined, () => inner.listPage(kind, namespace, options)),
    list: (kind, namespace, options) =>
      recorded("list", kind, undefined, () => inner.list(kind, namespace, options)),
    create: (kind, namespace, object) =>
      recorded("create", kind, object.metadata.name, () => inner.create(kind, namespace, object)),
    apply: (kind, namespace, object, options) =>
      recorded(
        "apply",
        kind,
        object.metadata.name,
        () => inner.apply(kind, namespace, object, options),
        object.metadata.resourceVersion,
      ),
    mergePatch: (kind, namespace, name, patch, manager) =>
      recorded("mergePatch", kind, name, () =>
        inner.mergePatch(kind, namespace, name, patch, manager),
      ),
    delete: (kind, namespace, name, propagation, uid) =>
      recorded(
        "delete",
        kind,
        name,
        () => inner.delete(kind, namespace, name, propagation, uid),
        uid,
      ),
    watch: (kind, namespace, options, onEvent, onDone) =>
      recorded("watch", kind, undefined, () =>
        inner.watch(kind, namespace, options, onEvent, onDone),
      ),
  };

  return {
    cluster,
    calls,
    writes: () => calls.filter((call) => writeMethods.has(call.method)),
    reset: () => calls.splice(0, calls.length),
  };
}
