// The Kubernetes API a suite runs against: the loopback test API (fast, fault injection) or a
// real kube-apiserver (the integration project's envtest cluster, or any cluster by kubeconfig).
// Suites read and arrange cluster state only through this, so the same tests run on both.
import {
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
} from "@kubernetes/client-node";
import type { ArgoObject } from "../../app/cluster/argo-kinds.ts";
import { startTestKubeApi, type TestKubeApi } from "./kube-api/index.ts";

export type ArgoPlural = "workflowtemplates" | "cronworkflows" | "workflows";

export interface ClusterTarget {
  name: "loopback" | "kube-apiserver";
  kubeConfig(): KubeConfig;
  /** Creates a namespace with a unique name starting with `prefix`, and returns its name. */
  namespace(prefix: string): Promise<string>;
  list(plural: ArgoPlural, namespace: string): Promise<ArgoObject[]>;
  get(plural: ArgoPlural, namespace: string, name: string): Promise<ArgoObject | undefined>;
  /** Creates an object the way someone else would (`kubectl create`), not as coxswain. */
  createForeign(plural: ArgoPlural, namespace: string, object: ArgoObject): Promise<void>;
  /** A merge patch by another field manager (`kubectl edit`). */
  patchForeign(plural: ArgoPlural, namespace: string, name: string, patch: object): Promise<void>;
  deleteForeign(plural: ArgoPlural, namespace: string, name: string): Promise<void>;
  close(): Promise<void>;
}

export interface RealClusterInfo {
  kubeconfigPath: string;
  url: string;
  caCertPath?: string;
  adminToken?: string;
  restrictedToken?: string;
  etcdUrl?: string;
}

let namespaces = 0;
const uniqueName = (prefix: string) =>
  `${prefix}-${process.pid}-${++namespaces}-${Date.now().toString(36)}`;

export async function loopbackTarget(): Promise<ClusterTarget & { api: TestKubeApi }> {
  const api = await startTestKubeApi();
  return {
    name: "loopback",
    api,
    kubeConfig: () => api.kubeConfig(),
    async namespace(prefix) {
      const name = uniqueName(prefix);
      api.createNamespace(name);
      return name;
    },
    list: async (plural, namespace) => api.list(plural, namespace) as unknown as ArgoObject[],
    get: async (plural, namespace, name) =>
      api.get(plural, namespace, name) as unknown as ArgoObject | undefined,
    async createForeign(_plural, namespace, object) {
      api.put(
        { ...object, metadata: { ...object.metadata, namespace } } as never,
        "kubectl-create",
      );
    },
    async patchForeign(plural, namespace, name, patch) {
      api.patch(plural, namespace, name, patch as never, "kubectl-edit");
    },
    async deleteForeign(plural, namespace, name) {
      api.delete(plural, namespace, name);
    },
    close: () => api.close(),
  };
}

export function realTarget(info: RealClusterInfo): ClusterTarget {
  const config = new KubeConfig();
  config.loadFromFile(info.kubeconfigPath);
  const custom = config.makeApiClient(CustomObjectsApi);
  const core = config.makeApiClient(CoreV1Api);
  const where = (plural: ArgoPlural, namespace: string) => ({
    group: "argoproj.io",
    version: "v1alpha1",
    plural,
    namespace,
  });
  return {
    name: "kube-apiserver",
    kubeConfig: () => {
      const fresh = new KubeConfig();
      fresh.loadFromFile(info.kubeconfigPath);
      return fresh;
    },
    async namespace(prefix) {
      const name = uniqueName(prefix);
      await core.createNamespace({ body: { metadata: { name } } });
      return name;
    },
    async list(plural, namespace) {
      const list = (await custom.listNamespacedCustomObject(where(plural, namespace))) as {
        items: ArgoObject[];
      };
      return list.items;
    },
    async get(plural, namespace, name) {
      try {
        return (await custom.getNamespacedCustomObject({
          ...where(plural, namespace),
          name,
        })) as ArgoObject;
      } catch (error) {
        if ((error as { code?: number }).code === 404) return undefined;
        throw error;
      }
    },
    async createForeign(plural, namespace, object) {
      await custom.createNamespacedCustomObject({
        ...where(plural, namespace),
        body: object,
        fieldManager: "kubectl-create",
      });
    },
    async patchForeign(plural, namespace, name, patch) {
      await custom.patchNamespacedCustomObject(
        { ...where(plural, namespace), name, body: patch, fieldManager: "kubectl-edit" },
        setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
      );
    },
    async deleteForeign(plural, namespace, name) {
      await custom.deleteNamespacedCustomObject({ ...where(plural, namespace), name });
    },
    close: async () => {},
  };
}
