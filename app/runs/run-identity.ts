// The identity coxswain gives each run it starts — repository, installation, pull request,
// template, commit, trigger, actor, Slack channel, metrics — and the places it reports to
// (check run, PR comment, Slack message), signed with a key only the app holds. Argo copies a
// definition's `workflowMetadata` onto its runs, and anyone who can write a Workflow can set
// labels, so only what verifies here is taken as coxswain's own.
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import type { ArgoObject } from "../cluster/argo-kinds.ts";
import { annotationKeys, labelKeys } from "../cluster/labels.ts";
import { namespaceForRepository, type ServerPolicy } from "../config/server-policy.ts";
import { canonicalJson } from "../util/canonical-json.ts";

export interface RunSigner {
  /** A MAC of `material`, base64url. */
  mac(material: string): string;
}

/** The signer keyed by a secret the app holds (its webhook secret), never by anything in Git. */
export function runSigner(secret: string): RunSigner {
  const key = Buffer.from(hkdfSync("sha256", secret, "coxswain", "run identity v1", 32));
  return { mac: (material) => createHmac("sha256", key).update(material).digest("base64url") };
}

/** The labels and annotations set when a run is created, signed together. */
const identityLabels = [
  labelKeys.managedBy,
  labelKeys.repo,
  labelKeys.template,
  labelKeys.commit,
  labelKeys.pr,
  labelKeys.trigger,
  labelKeys.actor,
] as const;
const identityAnnotations = [
  annotationKeys.repoFullName,
  annotationKeys.actor,
  annotationKeys.template,
  annotationKeys.installationId,
  annotationKeys.slackNotify,
  annotationKeys.slackUser,
  annotationKeys.metrics,
] as const;

/** Where a run is shown, written after it is created, each sealed on its own. */
export const sealedPointerKeys = [
  annotationKeys.checkRunId,
  annotationKeys.commentId,
  annotationKeys.slackMessage,
] as const;
export type PointerKey = (typeof sealedPointerKeys)[number];

export function sealKeyOf(key: PointerKey): string {
  return `${key}-seal`;
}

interface RunMetadata {
  name: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** The seal over a new run's identity (its namespace and name included). */
export function identitySeal(signer: RunSigner, namespace: string, metadata: RunMetadata): string {
  return signer.mac(identityMaterial(namespace, metadata));
}

/** Annotations that point the run at where it is shown, each with its seal. */
export function sealedPointers(
  signer: RunSigner,
  namespace: string,
  name: string,
  pointers: Partial<Record<PointerKey, string>>,
): Record<string, string> {
  const annotations: Record<string, string> = {};
  for (const [key, value] of Object.entries(pointers) as Array<[PointerKey, string]>) {
    annotations[key] = value;
    annotations[sealKeyOf(key)] = signer.mac(pointerMaterial(namespace, name, key, value));
  }
  return annotations;
}

/** A pointer's value when its seal verifies; undefined when absent or not coxswain's. */
export function sealedPointer(
  signer: RunSigner,
  workflow: ArgoObject,
  key: PointerKey,
): string | undefined {
  const annotations = workflow.metadata.annotations ?? {};
  const value = annotations[key];
  const seal = annotations[sealKeyOf(key)];
  if (value === undefined || seal === undefined) return undefined;
  const namespace = workflow.metadata.namespace ?? "";
  const material = pointerMaterial(namespace, workflow.metadata.name, key, value);
  return sameMac(signer.mac(material), seal) ? value : undefined;
}

export type UntrustedReason = "unsigned" | "forged" | "foreign-namespace";

export type IdentityCheck = { ok: true } | { ok: false; reason: UntrustedReason; detail: string };

/**
 * Whether a run is one coxswain started, as it started it: its identity seal verifies and its
 * namespace is the one the server policy maps its repository to.
 */
export function checkRunIdentity(
  signer: RunSigner,
  server: ServerPolicy,
  workflow: ArgoObject,
): IdentityCheck {
  const seal = workflow.metadata.annotations?.[annotationKeys.identitySeal];
  const namespace = workflow.metadata.namespace ?? "";
  if (!seal) return { ok: false, reason: "unsigned", detail: "it carries no identity seal" };
  if (!sameMac(identitySeal(signer, namespace, workflow.metadata), seal))
    return {
      ok: false,
      reason: "forged",
      detail: "its labels or annotations are not the ones coxswain signed",
    };
  const repo = workflow.metadata.annotations?.[annotationKeys.repoFullName] ?? "";
  const mapped = namespaceForRepository(server, repo);
  if (!mapped.ok || mapped.namespace !== namespace)
    return {
      ok: false,
      reason: "foreign-namespace",
      detail: mapped.ok
        ? `${repo} maps to namespace ${mapped.namespace}, not ${namespace}`
        : mapped.reason,
    };
  return { ok: true };
}

function identityMaterial(namespace: string, metadata: RunMetadata): string {
  const pick = (from: Record<string, string> | undefined, keys: readonly string[]) =>
    Object.fromEntries(keys.map((key) => [key, from?.[key] ?? null]));
  return canonicalJson({
    v: 1,
    namespace,
    name: metadata.name,
    labels: pick(metadata.labels, identityLabels),
    annotations: pick(metadata.annotations, identityAnnotations),
  });
}

function pointerMaterial(namespace: string, name: string, key: string, value: string): string {
  return canonicalJson({ v: 1, namespace, name, key, value });
}

function sameMac(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
