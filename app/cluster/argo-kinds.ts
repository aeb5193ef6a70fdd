// The Argo resources coxswain reads and writes, and where they live in the Kubernetes API.
export const argoGroup = "argoproj.io";
export const argoVersion = "v1alpha1";
export const argoApiVersion = `${argoGroup}/${argoVersion}`;

export const argoPlurals = {
  Workflow: "workflows",
  WorkflowTemplate: "workflowtemplates",
  CronWorkflow: "cronworkflows",
} as const;

export type ClusterKind = keyof typeof argoPlurals;

export interface ObjectMeta {
  name: string;
  namespace?: string;
  generateName?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [key: string]: unknown;
}

export interface ArgoObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: unknown;
  status?: unknown;
}
