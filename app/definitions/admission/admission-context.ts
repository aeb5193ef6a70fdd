// What the admission checks of one definition are measured against, and how they word a refusal.
import type { SpecProblem } from "../../argo/spec-problem.ts";
import type { RepoPolicy } from "../../config/repo-config.ts";
import type { Place } from "./place.ts";

export interface AdmissionContext {
  admission: RepoPolicy["admission"];
  /** Where the admission came from, for messages: the repository's rule or the defaults. */
  source: "server policy" | "coxswain's default";
  /** Allowed serviceAccountName values; undefined when unknown (not checked). */
  serviceAccounts?: string[];
  /** The repository's namespace; undefined for a lint that does not know it. */
  namespace?: string;
}

export function admissionContextOf(policy: RepoPolicy, namespace?: string): AdmissionContext {
  return {
    admission: policy.admission,
    source: policy.admission.source,
    serviceAccounts: policy.serviceAccounts,
    namespace,
  };
}

/** "the server policy's" or "coxswain's default", before a list's name. */
export function sourceOwner(context: AdmissionContext): string {
  return context.source === "server policy" ? "the server policy's" : "coxswain's default";
}

export function admissionError(place: Place, message: string): SpecProblem {
  return { path: place.path, message, severity: "error" };
}
