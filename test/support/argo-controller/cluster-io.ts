// The controller's Kubernetes API calls, through client-node so they work against the loopback
// API and a real kube-apiserver: read Workflows and templates, merge-patch a Workflow, create pods.
import {
  CoreV1Api,
  CustomObjectsApi,
  type KubeConfig,
  PatchStrategy,
  setHeaderOptions,
  type V1Pod,
} from "@kubernetes/client-node";
import type { WorkflowSpec, WorkflowStatus } from "./types.ts";

export interface WorkflowObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    uid: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec: WorkflowSpec;
  status?: WorkflowStatus;
}

interface TemplateObject {
  spec: WorkflowSpec;
}

const GROUP = "argoproj.io";
const VERSION = "v1alpha1";

const isNotFound = (error: unknown) => (error as { code?: number }).code === 404;

export class ClusterIO {
  readonly #custom: CustomObjectsApi;
  readonly #core: CoreV1Api;
  readonly #fieldManager: string;

  constructor(kubeConfig: KubeConfig, fieldManager: string) {
    this.#custom = kubeConfig.makeApiClient(CustomObjectsApi);
    this.#core = kubeConfig.makeApiClient(CoreV1Api);
    this.#fieldManager = fieldManager;
  }

  async workflow(namespace: string, name: string): Promise<WorkflowObject> {
    const where = { group: GROUP, version: VERSION, plural: "workflows", namespace, name };
    return (await this.#custom.getNamespacedCustomObject(where)) as WorkflowObject;
  }

  /** The spec of a WorkflowTemplate, or of a ClusterWorkflowTemplate when clusterScope. */
  async templateSpec(
    namespace: string,
    name: string,
    clusterScope: boolean,
  ): Promise<WorkflowSpec> {
    try {
      const object = clusterScope
        ? await this.#custom.getClusterCustomObject({
            group: GROUP,
            version: VERSION,
            plural: "clusterworkflowtemplates",
            name,
          })
        : await this.#custom.getNamespacedCustomObject({
            group: GROUP,
            version: VERSION,
            plural: "workflowtemplates",
            namespace,
            name,
          });
      return (object as TemplateObject).spec;
    } catch (error) {
      if (!isNotFound(error)) throw error;
      const kind = clusterScope ? "ClusterWorkflowTemplate" : "WorkflowTemplate";
      throw new Error(
        `argo-controller: ${kind} ${name} not found${clusterScope ? "" : ` in ${namespace}`}`,
      );
    }
  }

  async patchWorkflow(namespace: string, name: string, patch: object): Promise<WorkflowObject> {
    const request = {
      group: GROUP,
      version: VERSION,
      plural: "workflows",
      namespace,
      name,
      body: patch,
      fieldManager: this.#fieldManager,
    };
    const options = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);
    return (await this.#custom.patchNamespacedCustomObject(request, options)) as WorkflowObject;
  }

  /** Writes a pod's status, as the kubelet does; a pod deleted meanwhile is left alone. */
  async writePodStatus(namespace: string, name: string, status: object): Promise<void> {
    const options = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);
    try {
      await this.#core.patchNamespacedPodStatus(
        { namespace, name, body: { status }, fieldManager: this.#fieldManager },
        options,
      );
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  /**
   * Creates the pod; one that exists already is left as it is. A fresh namespace on a real API
   * server gets its default ServiceAccount a moment later, and pods are refused until then.
   */
  async createPod(namespace: string, pod: V1Pod): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.#core.createNamespacedPod({
          namespace,
          body: pod,
          fieldManager: this.#fieldManager,
        });
        return;
      } catch (error) {
        const { code, body } = error as { code?: number; body?: unknown };
        if (code === 409) return;
        const waitingForAccount = code === 403 && /service ?account/i.test(String(body));
        if (!waitingForAccount || attempt >= 50) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }
}
