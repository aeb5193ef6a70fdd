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

/** The hash of `canonicalJson({ labels, annotations, spec })`, its spec part written once. */
function contentHash(
  labels: Record<string, string>,
  annotations: Record<string, string>,
  spec: unknown,
): string {
  const fields = [
    `"annotations":${canonicalJson(annotations)}`,
    `"labels":${canonicalJson(labels)}`,
  ];
  if (spec !== undefined) fields.push(`"spec":${specJson(spec)}`);
  return createHash("sha256")
    .update(`{${fields.join(",")}}`)
    .digest("hex")
    .slice(0, 32);
}

/**
 * A spec's canonical JSON, kept for specs the definition cache has frozen (the same object is
 * handed to every sync of an unchanged file: writing 200 specs again cost each sync ~3 ms).
 */
const frozenSpecJson = new WeakMap<object, string>();

function specJson(spec: unknown): string {
  if (spec === null || typeof spec !== "object" || !Object.isFrozen(spec))
    return canonicalJson(spec);
  let json = frozenSpecJson.get(spec);
  if (json === undefined) {
    json = canonicalJson(spec);
    frozenSpecJson.set(spec, json);
  }
  return json;
}
