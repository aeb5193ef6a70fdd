// The pure diff between what Git defines and what the cluster holds for one repository:
// find → compare → create / update / unchanged / delete. Nothing here talks to the cluster.
import type { ArgoObject } from "../cluster/argo-kinds.ts";
import { annotationKeys, labelKeys } from "../cluster/labels.ts";
import type { DefinitionKind } from "../config/server-policy.ts";
import { contentHashAnnotation } from "./desired-manifest.ts";
import { diffFields, equalJson, type FieldChange } from "./field-diff.ts";

export interface DesiredObject {
  kind: DefinitionKind;
  file: string;
  manifest: ArgoObject;
}

interface ChangeBase {
  kind: DefinitionKind;
  name: string;
  /** The file in Git that defines (or defined) it. */
  file?: string;
}

export type Change =
  | (ChangeBase & { action: "create"; desired: ArgoObject })
  | (ChangeBase & {
      action: "update";
      desired: ArgoObject;
      live: ArgoObject;
      fields: FieldChange[];
    })
  | (ChangeBase & { action: "unchanged" })
  | (ChangeBase & { action: "delete"; live: ArgoObject });

export interface PlanOptions {
  /** Delete what Git no longer defines (the repository's `prune`). */
  prune: boolean;
}

// Labels/annotations that change with every commit or are ours to compute: not a change.
const volatileKeys = new Set<string>([labelKeys.commit, contentHashAnnotation]);

export function planChanges(
  desired: readonly DesiredObject[],
  live: readonly ArgoObject[],
  options: PlanOptions,
): Change[] {
  const liveByKey = new Map(
    live.map((object) => [keyOf(object.kind, object.metadata.name), object]),
  );
  const changes: Change[] = [];
  for (const { kind, file, manifest } of desired) {
    const name = manifest.metadata.name;
    const current = liveByKey.get(keyOf(kind, name));
    liveByKey.delete(keyOf(kind, name));
    if (!current) {
      changes.push({ action: "create", kind, name, file, desired: manifest });
    } else if (isUpToDate(manifest, current)) {
      changes.push({ action: "unchanged", kind, name, file });
    } else {
      const desiredWithOperators = keepOperatorFields(manifest, current);
      changes.push({
        action: "update",
        kind,
        name,
        file,
        desired: desiredWithOperators,
        live: current,
        fields: fieldChanges(current, desiredWithOperators),
      });
    }
  }
  if (options.prune) {
    for (const object of liveByKey.values()) {
      changes.push({
        action: "delete",
        kind: object.kind as DefinitionKind,
        name: object.metadata.name,
        ...(object.metadata.annotations?.[annotationKeys.sourcePath]
          ? { file: object.metadata.annotations[annotationKeys.sourcePath] }
          : {}),
        live: object,
      });
    }
  }
  return changes.sort(byKindThenName);
}

/** Same content (by hash) and no drift in the spec or in the labels and annotations coxswain sets. */
function isUpToDate(desired: ArgoObject, live: ArgoObject): boolean {
  const hash = desired.metadata.annotations?.[contentHashAnnotation];
  if (hash === undefined || live.metadata.annotations?.[contentHashAnnotation] !== hash)
    return false;
  if (!equalJson(desired.spec, withoutOperatorFields(desired, live))) return false;
  return (
    containsAll(live.metadata.labels, desired.metadata.labels) &&
    containsAll(live.metadata.annotations, desired.metadata.annotations)
  );
}

/**
 * The live spec without what operators may set outside Git: a CronWorkflow's `suspend`
 * (`/cron suspend`), unless Git sets it. Such a field is not drift, and the apply keeps it,
 * since another field manager owns it.
 */
function withoutOperatorFields(desired: ArgoObject, live: ArgoObject): unknown {
  const spec = live.spec as Record<string, unknown> | undefined;
  const wanted = desired.spec as Record<string, unknown> | undefined;
  if (
    live.kind !== "CronWorkflow" ||
    !spec ||
    wanted?.suspend !== undefined ||
    !("suspend" in spec)
  )
    return spec;
  const { suspend: _operators, ...rest } = spec;
  return rest;
}

/**
 * The desired object with the operators' `suspend` carried over from the live one (unless Git
 * sets it): where a CRD's spec is atomic for server-side apply (Argo's minimal CRDs), an
 * apply would otherwise replace the whole spec and drop it.
 */
function keepOperatorFields(desired: ArgoObject, live: ArgoObject): ArgoObject {
  const spec = live.spec as Record<string, unknown> | undefined;
  const wanted = desired.spec as Record<string, unknown> | undefined;
  if (live.kind !== "CronWorkflow" || spec?.suspend === undefined || wanted?.suspend !== undefined)
    return desired;
  return { ...desired, spec: { ...wanted, suspend: spec.suspend } };
}

function containsAll(
  live: Record<string, string> | undefined,
  desired: Record<string, string> | undefined,
): boolean {
  return Object.entries(desired ?? {}).every(
    ([key, value]) => volatileKeys.has(key) || live?.[key] === value,
  );
}

function fieldChanges(live: ArgoObject, desired: ArgoObject): FieldChange[] {
  const metadataOf = (object: ArgoObject) => ({
    labels: pick(object.metadata.labels, desired.metadata.labels),
    annotations: pick(object.metadata.annotations, desired.metadata.annotations),
  });
  return [
    ...diffFields(metadataOf(live), metadataOf(desired), "metadata"),
    ...diffFields(live.spec, desired.spec, "spec"),
  ];
}

/** The entries of `source` whose keys coxswain sets (desired) — other managers' keys are not ours to show. */
function pick(
  source: Record<string, string> | undefined,
  desiredKeys: Record<string, string> | undefined,
): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const key of Object.keys(desiredKeys ?? {})) {
    if (volatileKeys.has(key)) continue;
    const value = source?.[key];
    if (value !== undefined) picked[key] = value;
  }
  return picked;
}

const kindOrder: Record<string, number> = { WorkflowTemplate: 0, CronWorkflow: 1 };

function byKindThenName(a: Change, b: Change): number {
  return (kindOrder[a.kind] ?? 9) - (kindOrder[b.kind] ?? 9) || a.name.localeCompare(b.name);
}

function keyOf(kind: string, name: string): string {
  return `${kind}/${name}`;
}
