// Loads cluster credentials: a kubeconfig file when one is named, else the in-cluster
// service account, else client-node's defaults (~/.kube/config).
import { KubeConfig } from "@kubernetes/client-node";

export interface KubeSettings {
  kubeconfigPath?: string;
  inCluster: boolean;
}

export function loadKubeConfig(settings: KubeSettings): KubeConfig {
  const config = new KubeConfig();
  if (settings.kubeconfigPath) config.loadFromFile(settings.kubeconfigPath);
  else if (settings.inCluster) config.loadFromCluster();
  else config.loadFromDefault();
  return config;
}
