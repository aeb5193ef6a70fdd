// The leader's periodic reconcile pass over 100 repositories × 200 WorkflowTemplates (20,000
// synced objects, one namespace per repository) on the real kube-apiserver, when nothing
// changed: its wall time, the cluster requests it makes (target: one list per kind per
// namespace, no write), the GitHub requests beyond the (conditional, free) listing (target:
// none) and the process' RSS (target: < 300 MB).
import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CoreV1Api, type KubeConfig } from "@kubernetes/client-node";
import { loadArgoSchemaValidator } from "../app/argo/argo-schema.ts";
import { argoClusterFor } from "../app/cluster/argo-cluster.ts";
import { parseServerPolicy } from "../app/config/server-policy.ts";
import { GitMirrors } from "../app/git/repo-mirror.ts";
import type { ServedRepository } from "../app/github/served-repositories.ts";
import { syncRepository } from "../app/sync/sync-repository.ts";
import { mapBounded } from "../app/util/map-bounded.ts";
import { createOriginRepo } from "../test/support/git-repo.ts";
import { workflowTemplate } from "../test/support/pipelines.ts";
import { recordingCluster } from "../test/support/recording-cluster.ts";
import { argoSchemaPath } from "../test/support/shared-data.ts";
import { envtestServer } from "./envtest-target.ts";

const repositoryCount = 100;
const templateCount = 200;

export async function benchReconcilePass(): Promise<void> {
  const server = await envtestServer();
  const origin = await createOriginRepo();
  const cacheDir = await mkdtemp(join(tmpdir(), "coxswain-bench-reconcile-"));
  try {
    const policy = parseServerPolicy(
      'repositories: [{match: "acme/*", namespace: "reco-{repo}"}]\nlimits: {maxFiles: 1000}\n',
      "bench",
    );
    if (!policy.ok) throw new Error(policy.error);
    const recorded = recordingCluster(argoClusterFor(server.target.kubeConfig()));
    const services = {
      cluster: recorded.cluster,
      server: policy.policy,
      schema: loadArgoSchemaValidator(argoSchemaPath),
      git: new GitMirrors(cacheDir, policy.policy.limits),
    };
    const sha = await origin.commit(
      Object.fromEntries(
        Array.from({ length: templateCount }, (_, i) => [
          `workflows/pipeline-${i}.yaml`,
          workflowTemplate(`pipeline-${i}`),
        ]),
      ),
      "200 pipelines",
    );
    const repositories: ServedRepository[] = Array.from({ length: repositoryCount }, (_, i) => ({
      installationId: 1,
      id: 1000 + i,
      fullName: `acme/r${i}`,
      name: `r${i}`,
      cloneUrl: origin.url,
      defaultBranch: "main",
    }));
    const setupStarted = performance.now();
    await mapBounded(repositories, 4, async (repository) => {
      await createNamespace(server.target, `reco-${repository.name}`);
      const snapshot = await services.git.snapshot(
        { fullName: repository.fullName, cloneUrl: repository.cloneUrl },
        sha,
      );
      const synced = await syncRepository(
        {
          repoFullName: repository.fullName,
          repositoryId: repository.id,
          namespace: `reco-${repository.name}`,
          snapshot,
        },
        services,
      );
      if (!synced.ok) throw new Error(`sync of ${repository.fullName} failed`);
    });
    console.log(
      `reconcile pass: ${repositoryCount} repositories × ${templateCount} WorkflowTemplates = ${repositoryCount * templateCount} objects on the real kube-apiserver (set up in ${((performance.now() - setupStarted) / 1000).toFixed(0)} s)`,
    );
    // The passes run in a process of their own, with npm start's heap flags, as the leader
    // would after a restart (the mirrors on disk, nothing in memory).
    const child = spawnSync(
      process.execPath,
      [
        "--max-old-space-size=256",
        "--max-semi-space-size=4",
        fileURLToPath(new URL("./reconcile-pass-child.ts", import.meta.url)),
      ],
      {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
        env: {
          ...process.env,
          BENCH_RECONCILE: JSON.stringify({
            kubeconfigPath: server.kubeconfigPath,
            cacheDir,
            repositories,
          }),
        },
      },
    );
    process.stdout.write(child.stdout);
    if (child.status !== 0) throw new Error(`the pass process failed (${child.status})`);
    console.log(
      "targets: no write, no GitHub call beyond the listing, one list per kind per namespace (2 kinds), RSS < 300 MB",
    );
  } finally {
    await origin.cleanup();
    await rm(cacheDir, { recursive: true, force: true });
    await server.target.close();
  }
}

async function createNamespace(target: { kubeConfig(): KubeConfig }, name: string): Promise<void> {
  await target
    .kubeConfig()
    .makeApiClient(CoreV1Api)
    .createNamespace({ body: { metadata: { name } } });
}
