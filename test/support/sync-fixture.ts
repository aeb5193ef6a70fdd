// Everything a GitHub-to-cluster test needs: a real bare Git remote, a Kubernetes API (the
// loopback test API or a real kube-apiserver) with the repository's namespace, the app fed
// through Probot, and GitHub behind nock.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nock from "nock";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { type ArgoSchemaValidator, loadArgoSchemaValidator } from "../../app/argo/argo-schema.ts";
import { argoClusterFor } from "../../app/cluster/argo-cluster.ts";
import type { ArgoServer } from "../../app/cluster/argo-server.ts";
import { coreClusterFor } from "../../app/cluster/core-cluster.ts";
import { parseServerPolicy } from "../../app/config/server-policy.ts";
import { GitMirrors } from "../../app/git/repo-mirror.ts";
import { NamespaceDefinitionsCache } from "../../app/sync/namespace-definitions-cache.ts";
import type { Services } from "../../app/use-cases/services.ts";
import type { ClusterTarget } from "./cluster-target.ts";
import { createOriginRepo, type OriginRepo } from "./git-repo.ts";
import { GitHubMock } from "./github-mock.ts";
import { type Harness, startHarness, testSigner } from "./probot-harness.ts";
import { type RecordingCluster, recordingCluster } from "./recording-cluster.ts";
import { argoSchemaPath } from "./shared-data.ts";
import { pushPayload } from "./webhooks.ts";

export const repoFullName = "acme/pipelines";

let schema: ArgoSchemaValidator | undefined;

export interface SyncFixture {
  cluster: ClusterTarget;
  /** The repository's namespace (unique per fixture). */
  namespace: string;
  /** The app's calls to the cluster. */
  recorded: RecordingCluster;
  origin: OriginRepo;
  app: Harness;
  deps: Services;
  github: GitHubMock;
  repository: { fullName: string; cloneUrl: string };
  /** Where the app keeps its Git mirrors (empty until it fetches something). */
  mirrorsDir: string;
  /** Commits `files` on main, delivers the push event and returns the completed sync check run. */
  pushAndSync(
    files: Record<string, string | null>,
    /** Declares the GitHub requests the push causes besides the sync's own. */
    expect?: (sha: string) => void,
  ): Promise<{ sha: string; check: Record<string, unknown> }>;
  close(): Promise<void>;
}

export interface FixtureOptions {
  /** Appended to the policy (inside the repository's rule when indented); given the namespace. */
  policyYaml?: string | ((namespace: string) => string);
  githubBaseUrl?: string;
  argoServer?: ArgoServer;
}

export async function startSyncFixture(
  cluster: ClusterTarget,
  options: FixtureOptions = {},
): Promise<SyncFixture> {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  schema ??= loadArgoSchemaValidator(argoSchemaPath);
  const namespace = await cluster.namespace("ml-team");
  const origin = await createOriginRepo();
  const cacheDir = await mkdtemp(join(tmpdir(), "coxswain-mirrors-"));
  const policy = parseServerPolicy(
    `repositories:\n  - match: ${repoFullName}\n    namespace: ${namespace}\n${
      typeof options.policyYaml === "function"
        ? options.policyYaml(namespace)
        : (options.policyYaml ?? "")
    }`,
    "policy.yaml",
  );
  if (!policy.ok) throw new Error(policy.error);
  const recorded = recordingCluster(argoClusterFor(cluster.kubeConfig()));
  const deps: Services = {
    core: coreClusterFor(cluster.kubeConfig()),
    ...(options.argoServer ? { argoServer: options.argoServer } : {}),
    server: policy.policy,
    git: new GitMirrors(cacheDir, policy.policy.limits),
    cluster: recorded.cluster,
    schema,
    // As in the app: a namespace is listed on its first sync and watched from then on.
    namespaceCache: new NamespaceDefinitionsCache(recorded.cluster),
    signer: testSigner,
  };
  const app = await startHarness(
    deps,
    options.githubBaseUrl ? { baseUrl: options.githubBaseUrl } : {},
  );
  const github = new GitHubMock(repoFullName, options.githubBaseUrl);
  // One id in every payload, as GitHub sends (the examples each carry their own).
  const repository = { id: 186853002, fullName: repoFullName, cloneUrl: origin.url };
  return {
    cluster,
    namespace,
    recorded,
    origin,
    app,
    deps,
    github,
    repository,
    mirrorsDir: cacheDir,
    async pushAndSync(files, expect = () => {}) {
      const before = await origin.headOf("main");
      const sha = await origin.commit(files, "change pipelines", "main");
      github
        .installationToken()
        .existingCheckRuns(sha, "coxswain/sync")
        .checkRun("coxswain/sync", sha);
      expect(sha);
      await app.receive("push", pushPayload(repository, sha, before, files));
      github.done();
      return { sha, check: github.completion("coxswain/sync", sha) };
    },
    async close() {
      deps.namespaceCache?.close();
      nock.cleanAll();
      await origin.cleanup();
      await rm(cacheDir, { recursive: true, force: true });
    },
  };
}

/**
 * The hooks of a suite: one cluster target per file, a fresh fixture per test, handed to `use`
 * before the suite's own `beforeEach` runs.
 */
export function eachSyncFixture(
  makeTarget: () => Promise<ClusterTarget>,
  use: (fixture: SyncFixture, target: ClusterTarget) => void,
  options: FixtureOptions = {},
): void {
  let target: ClusterTarget | undefined;
  let fixture: SyncFixture | undefined;
  beforeAll(async () => {
    target = await makeTarget();
  });
  afterAll(() => target?.close());
  beforeEach(async () => {
    if (!target) throw new Error("no cluster target");
    fixture = await startSyncFixture(target, options);
    use(fixture, target);
  });
  afterEach(() => fixture?.close());
}
