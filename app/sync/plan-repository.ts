// Works out what syncing a commit would do: read and validate its definitions, compare them
// with the cluster, and refuse to take over objects coxswain does not manage. Changes nothing.
import type { ArgoSchemaValidator } from "../argo/argo-schema.ts";
import type { ArgoCluster } from "../cluster/argo-cluster.ts";
import { annotationKeys } from "../cluster/labels.ts";
import type { RepoPolicy, SharedConfig } from "../config/repo-config.ts";
import type { ServerPolicy } from "../config/server-policy.ts";
import type { Definition, FileProblem } from "../definitions/definition.ts";
import { type DefinitionCache, definitionCacheFor } from "../definitions/definition-cache.ts";
import { desiredManifest } from "../definitions/desired-manifest.ts";
import { type Change, type DesiredObject, planChanges } from "../definitions/plan-changes.ts";
import { readRepoDefinitions } from "../definitions/read-definitions.ts";
import type { RepoSnapshot } from "../git/repo-mirror.ts";
import { type LiveDefinitions, liveDefinitions, splitByRepository } from "./live-definitions.ts";
import type { NamespaceDefinitionsCache } from "./namespace-definitions-cache.ts";
import type { RepositoryIdentity } from "./repository-objects.ts";

export interface PlanRequest {
  repoFullName: string;
  /** GitHub's id of the repository: its objects keep it through a rename or a transfer. */
  repositoryId?: number;
  namespace: string;
  snapshot: RepoSnapshot;
  /** Reads the config a repository's `_extends` names. */
  sharedConfig?: (target: string) => Promise<SharedConfig>;
  /** What the namespace holds, when the caller listed it already (else it is listed here). */
  live?: LiveDefinitions;
}

export interface PlanDeps {
  cluster: ArgoCluster;
  server: ServerPolicy;
  schema: ArgoSchemaValidator;
  /** Readings of definition files by blob id; default: the one kept with `schema`. */
  definitionCache?: DefinitionCache;
  /** What synced namespaces hold, kept by watches (absent: every plan lists). */
  namespaceCache?: NamespaceDefinitionsCache;
}

export interface PlanOptions {
  /** List the namespace even when a watch keeps a copy of it. */
  fresh?: boolean;
}

export type PlanOutcome =
  | {
      ok: true;
      changes: Change[];
      definitions: Definition[];
      warnings: FileProblem[];
      policy: RepoPolicy;
      /**
       * Planned from a watch's copy of the namespace: apply it only where the objects are still
       * as seen (a resourceVersion or uid precondition), else plan again with `fresh`.
       */
      fromWatch: boolean;
    }
  | { ok: false; problems: FileProblem[] };

export async function planRepository(
  request: PlanRequest,
  deps: PlanDeps,
  options: PlanOptions = {},
): Promise<PlanOutcome> {
  const identity: RepositoryIdentity = {
    fullName: request.repoFullName,
    ...(request.repositoryId !== undefined ? { id: request.repositoryId } : {}),
  };
  // The cluster is read while the commit is: a read-only call, whose answer (or failure)
  // matters only once the definitions are valid.
  const listed = request.live
    ? Promise.resolve(request.live)
    : namespaceObjects(deps, request.namespace, identity, options);
  listed.catch(() => {});
  const read = await readRepoDefinitions(request.snapshot, {
    server: deps.server,
    namespace: request.namespace,
    repoFullName: request.repoFullName,
    schema: deps.schema,
    cache: deps.definitionCache ?? definitionCacheFor(deps.schema),
    ...(request.sharedConfig ? { sharedConfig: request.sharedConfig } : {}),
  });
  if (!read.ok) return { ok: false, problems: read.problems };
  const desired: DesiredObject[] = read.definitions.map((definition) => ({
    kind: definition.kind,
    file: definition.file,
    manifest: desiredManifest(definition, {
      namespace: request.namespace,
      repoFullName: request.repoFullName,
      ...(request.repositoryId !== undefined ? { repositoryId: request.repositoryId } : {}),
      commit: request.snapshot.sha,
      retention: read.policy.retention,
    }),
  }));
  let live = await listed;
  let planned = compare(read.definitions, desired, live, request.namespace, read.policy);
  // A create or a refusal is never decided on a watch's copy, which may not yet show an object
  // someone else just made: a create is a forced apply, which would take that object over.
  if (live.watched && (!planned.ok || planned.changes.some((c) => c.action === "create"))) {
    live = await liveDefinitions(deps.cluster, request.namespace, identity);
    planned = compare(read.definitions, desired, live, request.namespace, read.policy);
  }
  if (!planned.ok) return planned;
  return {
    ok: true,
    changes: planned.changes,
    definitions: read.definitions,
    warnings: read.warnings,
    policy: read.policy,
    fromWatch: live.watched === true,
  };
}

/** The namespace's objects, from the watch's copy when there is one (and `fresh` is not asked). */
async function namespaceObjects(
  deps: PlanDeps,
  namespace: string,
  identity: RepositoryIdentity,
  options: PlanOptions,
): Promise<LiveDefinitions> {
  if (!deps.namespaceCache || options.fresh)
    return liveDefinitions(deps.cluster, namespace, identity);
  const { objects, watched } = await deps.namespaceCache.read(namespace);
  const live = splitByRepository(objects, identity);
  return watched ? { ...live, watched } : live;
}

function compare(
  definitions: readonly Definition[],
  desired: readonly DesiredObject[],
  live: LiveDefinitions,
  namespace: string,
  policy: RepoPolicy,
): { ok: true; changes: Change[] } | { ok: false; problems: FileProblem[] } {
  const collisions = takeovers(definitions, live, namespace);
  if (collisions.length > 0) return { ok: false, problems: collisions };
  return { ok: true, changes: planChanges(desired, live.ours, { prune: policy.prune }) };
}

/** A definition whose name is taken by an object coxswain does not manage for this repository. */
function takeovers(
  definitions: readonly Definition[],
  live: LiveDefinitions,
  namespace: string,
): FileProblem[] {
  const others = new Map(
    live.others.map((object) => [`${object.kind}/${object.metadata.name}`, object]),
  );
  return definitions.flatMap((definition) => {
    const other = others.get(`${definition.kind}/${definition.name}`);
    if (!other) return [];
    const owner = other.metadata.annotations?.[annotationKeys.repoFullName];
    const who = owner ? `is managed by coxswain for ${owner}` : "is not managed by coxswain";
    return [
      {
        file: definition.file,
        line: definition.line,
        column: 1,
        message: `${definition.kind} "${definition.name}" already exists in namespace ${namespace} and ${who}; rename it here or remove that object first`,
        severity: "error" as const,
      },
    ];
  });
}
