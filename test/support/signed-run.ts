// A Workflow written by hand in a test, signed as coxswain signs the runs it starts (with the
// harness' key): its identity seal, and a seal for each pointer annotation it carries.
import type { ArgoObject } from "../../app/cluster/argo-kinds.ts";
import { annotationKeys } from "../../app/cluster/labels.ts";
import {
  identitySeal,
  type PointerKey,
  sealedPointerKeys,
  sealedPointers,
} from "../../app/runs/run-identity.ts";
import { testSigner } from "./probot-harness.ts";

export function signedRun<T extends ArgoObject>(workflow: T, namespace: string): T {
  const metadata = workflow.metadata;
  const annotations = { ...(metadata.annotations ?? {}) };
  const pointers: Partial<Record<PointerKey, string>> = {};
  for (const key of sealedPointerKeys)
    if (annotations[key] !== undefined) pointers[key] = annotations[key];
  Object.assign(annotations, sealedPointers(testSigner, namespace, metadata.name, pointers));
  annotations[annotationKeys.identitySeal] = identitySeal(testSigner, namespace, {
    ...metadata,
    annotations,
  });
  return { ...workflow, metadata: { ...metadata, annotations } };
}

export interface PullRequestRun {
  name: string;
  pr: number;
  /** The WorkflowTemplate it runs (default `train`). */
  template?: string;
  /** Labels and annotations beside the ones every coxswain run carries. */
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Default: a reference to the template. */
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

/** A run of a pull request in acme/pipelines, labelled as coxswain labels its runs, and signed. */
export function signedPullRequestRun(namespace: string, run: PullRequestRun): ArgoObject {
  const template = run.template ?? "train";
  return signedRun(
    {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Workflow",
      metadata: {
        name: run.name,
        namespace,
        labels: {
          "app.kubernetes.io/managed-by": "coxswain",
          "coxswain.dev/pr": String(run.pr),
          "coxswain.dev/template": template,
          ...run.labels,
        },
        annotations: { "coxswain.dev/repo-full-name": "acme/pipelines", ...run.annotations },
      },
      spec: run.spec ?? { workflowTemplateRef: { name: template } },
      ...(run.status ? { status: run.status } : {}),
    },
    namespace,
  );
}
