// client-node builds a new undici Agent for every API request (KubeConfig.createDispatcher),
// so each request opens its own connection and the keep-alive sockets pile up: a pruning pass
// of thousands of deletes held hundreds of megabytes. One dispatcher per TLS identity is kept
// and reused instead. (createDispatcher is private in client-node's types, hence the cast.)
import type { KubeConfig } from "@kubernetes/client-node";

type CreateDispatcher = (cluster: unknown, agentOptions: unknown) => unknown;

const patched = new WeakSet<KubeConfig>();

export function withSharedConnections(config: KubeConfig): KubeConfig {
  if (patched.has(config)) return config;
  patched.add(config);
  const target = config as unknown as { createDispatcher: CreateDispatcher };
  const create = target.createDispatcher.bind(config);
  const dispatchers = new Map<string, unknown>();
  target.createDispatcher = (cluster, agentOptions) => {
    // The key is the TLS material itself, so rotated client certificates get a new dispatcher.
    const key = JSON.stringify([(cluster as { server?: string } | null)?.server, agentOptions]);
    if (!dispatchers.has(key)) dispatchers.set(key, create(cluster, agentOptions));
    return dispatchers.get(key);
  };
  return config;
}
