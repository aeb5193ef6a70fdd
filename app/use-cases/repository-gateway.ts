// What the use cases need from the forge a repository lives on (GitHub), as ports: who may act,
// its default branch's config, its commits, its pull requests, and where a started run is shown.
import type { ArgoObject } from "../cluster/argo-kinds.ts";
import type { RepoPolicy } from "../config/repo-config.ts";
import type { PermissionLevel } from "../config/run-config.ts";
import type { RepoSnapshot } from "../git/repo-mirror.ts";
import type { PointerKey } from "../runs/run-identity.ts";

export interface PullRequestRef {
  number: number;
  headSha: string;
  /** Its head is in another repository: /run must name the commit a maintainer reviewed. */
  fromFork: boolean;
}

export type DefaultBranchPolicy =
  | { ok: true; branch: string; head: string; policy: RepoPolicy }
  | { ok: false; problem: string };

/** Where pointers to a shown run are kept on it (each sealed by the caller). */
export type ShownAt = Partial<Record<PointerKey, string>>;

export interface RunPresenter {
  /** Shows a run that has just started: a queued check run on its commit, a PR comment. */
  started(
    run: ArgoObject,
    shown: { template: string; commit: string; pr?: number },
  ): Promise<ShownAt>;
  /** Shows a run whose failed steps start again: a fresh check run on its commit. */
  retried(run: ArgoObject, shown: { template: string; commit: string }): Promise<ShownAt>;
}

export interface RepositoryGateway {
  readonly fullName: string;
  readonly installationId?: number;
  /** A login's permission on the repository, as the forge reports it. */
  permissionOf(login: string): Promise<PermissionLevel | "none">;
  /** The default branch's head and the policy its config gives (`_extends` resolved). */
  defaultBranchPolicy(): Promise<DefaultBranchPolicy>;
  /** A commit of the repository (fetched if needed), found through these refs if it must be. */
  snapshotAt(commit: string, refs: readonly string[]): Promise<RepoSnapshot>;
  pullRequest(number: number): Promise<PullRequestRef>;
  readonly presenter: RunPresenter;
}

/** The gateway of a repository by name; undefined when the App is not installed on it. */
export type GatewayFor = (fullName: string) => Promise<RepositoryGateway | undefined>;
