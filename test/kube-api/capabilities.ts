// What a target of the raw-HTTP table can do beyond plain requests, and which cases it can run.
import type { ConformanceCase, Step, Target } from "./conformance.ts";

export interface Capabilities {
  /** Compacts history so older resourceVersions/continue tokens answer 410 (etcdctl compact). */
  compact?: () => void | Promise<void>;
  /** Token of an authenticated user without any RBAC permission. */
  restrictedToken?: string;
  injectFault?: (rule: { pathPrefix: string; status: 429; retryAfterSeconds: number }) => void;
  setPodLog?: (namespace: string, pod: string, text: string) => void;
  setPodWaiting?: (namespace: string, pod: string) => void;
}

export type Capability =
  | "compact"
  | "restrictedToken"
  | "injectFault"
  | "podLogs"
  | "fullCrds"
  | "minimalCrds";

const WHAT_IT_TAKES: Record<Capability, string> = {
  compact: "etcd compaction",
  restrictedToken: "a token without RBAC permissions",
  injectFault: "fault injection",
  podLogs: "pod logs set by the test (no kubelet)",
  fullCrds: "Argo's full CRDs",
  minimalCrds: "Argo's minimal CRDs",
};

export const describeCapabilities = (list: Capability[]) =>
  list.map((c) => WHAT_IT_TAKES[c]).join(" and ");

const needed = (step: Step): Capability | undefined => {
  if (!("action" in step)) return undefined;
  if (step.action === "compact") return "compact";
  if (step.action === "fault") return "injectFault";
  return "podLogs";
};

/** The capabilities a case needs that the target lacks. */
export function missingCapabilities(target: Target, c: ConformanceCase): Capability[] {
  const has: Record<Capability, boolean> = {
    compact: !!target.capabilities.compact,
    restrictedToken: !!target.capabilities.restrictedToken,
    injectFault: !!target.capabilities.injectFault,
    podLogs: !!target.capabilities.setPodLog && !!target.capabilities.setPodWaiting,
    fullCrds: target.crds === "full",
    minimalCrds: target.crds === "minimal",
  };
  const all = [...(c.needs ?? []), ...c.steps.map(needed).filter((n): n is Capability => !!n)];
  return [...new Set(all)].filter((n) => !has[n]);
}

/** Why a case cannot run on the target, for the skipped test's name; undefined if it can. */
export function skipReason(target: Target, c: ConformanceCase): string | undefined {
  const missing = missingCapabilities(target, c);
  if (missing.length === 0) return undefined;
  return `skipped: needs ${describeCapabilities(missing)}`;
}

/** The one CRD flavour a case is about, if it holds only for one. */
export function crdsOfCase(c: ConformanceCase): Target["crds"] | undefined {
  if (c.needs?.includes("fullCrds")) return "full";
  if (c.needs?.includes("minimalCrds")) return "minimal";
  return undefined;
}
