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
import type { LiveDefinitions } from "./live-definitions.ts";
import { liveDefinitions } from "./live-definitions.ts";

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
}

export type PlanOutcome =
  | {
      ok: true;
      changes: Change[];
      definitions: Definition[];
      warnings: FileProblem[];
      policy: RepoPolicy;
    }
  | { ok: false; problems: FileProblem[] };

export async function planRepository(request: PlanRequest, deps: PlanDeps): Promise<PlanOutcome> {
  // The cluster is listed while the commit is read: a read-only call, whose answer (or failure)
  // matters only once the definitions are valid.
  const listed = request.live
    ? Promise.resolve(request.live)
    : liveDefinitions(deps.cluster, request.namespace, {
        fullName: request.repoFullName,
        ...(request.repositoryId !== undefined ? { id: request.repositoryId } : {}),
      });
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
  const live = await listed;
  const collisions = takeovers(read.definitions, live, request.namespace);
  if (collisions.length > 0) return { ok: false, problems: collisions };
  const changes = planChanges(desired, live.ours, { prune: read.policy.prune });
  return {
    ok: true,
    changes,
    definitions: read.definitions,
    warnings: read.warnings,
    policy: read.policy,
  };
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
