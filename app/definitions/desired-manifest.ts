// The object coxswain applies for a definition: the document from Git, placed in the
// repository's namespace and labelled as coxswain's, with a hash of its content so an
// unchanged definition is recognised without comparing server-filled fields.
import { createHash } from "node:crypto";
import type { ArgoObject } from "../cluster/argo-kinds.ts";
import {
  annotationKeys,
  labelKeys,
  labelValue,
  managedByValue,
  repoLabel,
} from "../cluster/labels.ts";
import type { Retention } from "../config/retention-config.ts";
import { canonicalJson } from "../util/canonical-json.ts";
import type { Definition } from "./definition.ts";

export const contentHashAnnotation = "coxswain.dev/content-hash";

export interface Target {
  namespace: string;
  repoFullName: string;
  /** GitHub's id of the repository (kept through renames); unknown to a local plan. */
  repositoryId?: number;
  commit: string;
  /** The repository's retention; each template carries its own rule for the pruner. */
  retention?: { default: Retention; templates: Record<string, Retention> };
}

export function desiredManifest(definition: Definition, target: Target): ArgoObject {
  const { metadata, spec } = definition.document;
  const labels: Record<string, string> = {
    ...(metadata.labels ?? {}),
    [labelKeys.managedBy]: managedByValue,
    [labelKeys.repo]: repoLabel(target.repoFullName),
    [labelKeys.sourcePath]: labelValue(definition.file),
    ...(target.repositoryId !== undefined
      ? { [labelKeys.repoId]: String(target.repositoryId) }
      : {}),
  };
  const annotations: Record<string, string> = {
    ...(metadata.annotations ?? {}),
    [annotationKeys.repoFullName]: target.repoFullName,
    [annotationKeys.sourcePath]: definition.file,
  };
  if (definition.kind === "WorkflowTemplate" && target.retention) {
    const rule = target.retention.templates[definition.name] ?? target.retention.default;
    annotations[annotationKeys.retention] = JSON.stringify(rule);
  }
  annotations[contentHashAnnotation] = contentHash(labels, annotations, spec);
  labels[labelKeys.commit] = target.commit;
  return {
    apiVersion: definition.document.apiVersion,
    kind: definition.kind,
    metadata: { name: definition.name, namespace: target.namespace, labels, annotations },
    spec,
  };
}

function contentHash(
  labels: Record<string, string>,
  annotations: Record<string, string>,
  spec: unknown,
): string {
  return createHash("sha256")
    .update(canonicalJson({ labels, annotations, spec }))
    .digest("hex")
    .slice(0, 32);
}
