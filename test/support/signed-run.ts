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
