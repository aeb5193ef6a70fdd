// Wraps a cluster adapter so a test decides when watch events arrive: while held, every event
// is kept back (in order) until released, as a watch that lags behind the API server would.
import type { ArgoCluster, WatchEventType } from "../../app/cluster/argo-cluster.ts";
import type { ArgoObject } from "../../app/cluster/argo-kinds.ts";

export interface LaggingWatch {
  cluster: ArgoCluster;
  hold(): void;
  /** Delivers what was held, in order, and lets later events through. */
  release(): void;
  /** Events seen so far (delivered or held), for waiting until the server has sent one. */
  readonly seen: { type: WatchEventType; name: string; resourceVersion?: string }[];
  /** Watches started and not stopped. */
  readonly open: number;
}

export function laggingWatch(inner: ArgoCluster): LaggingWatch {
  let holding = false;
  let open = 0;
  const held: (() => void)[] = [];
  const seen: LaggingWatch["seen"] = [];
  const cluster: ArgoCluster = {
    ...inner,
    async watch(kind, namespace, options, onEvent, onDone) {
      const deliver = (type: WatchEventType, object: ArgoObject) => {
        seen.push({
          type,
          name: object.metadata?.name,
          ...(object.metadata?.resourceVersion
            ? { resourceVersion: object.metadata.resourceVersion }
            : {}),
        });
        if (holding) held.push(() => onEvent(type, object));
        else onEvent(type, object);
      };
      const handle = await inner.watch(kind, namespace, options, deliver, onDone);
      open++;
      let stopped = false;
      return {
        stop() {
          if (!stopped) open--;
          stopped = true;
          handle.stop();
        },
      };
    },
  };
  return {
    cluster,
    hold: () => {
      holding = true;
    },
    release: () => {
      holding = false;
      for (const event of held.splice(0)) event();
    },
    seen,
    get open() {
      return open;
    },
  };
}
