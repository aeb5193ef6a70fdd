// Syncs a repository of 200 WorkflowTemplates into the loopback test Kubernetes API and prints
// wall time and API requests for a first sync, a no-op sync and a one-file change.
// Targets (issue #2): a no-op sync makes no write and at most one list per kind; a one-file
// change writes one object.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadArgoSchemaValidator } from "../app/argo/argo-schema.ts";
import { argoClusterFor } from "../app/cluster/argo-cluster.ts";
import { parseServerPolicy } from "../app/config/server-policy.ts";
import { GitMirrors } from "../app/git/repo-mirror.ts";
import { syncRepository } from "../app/sync/sync-repository.ts";
import { createOriginRepo } from "../test/support/git-repo.ts";
import { startTestKubeApi } from "../test/support/kube-api/index.ts";
import { workflowTemplate } from "../test/support/pipelines.ts";
import { argoSchemaPath } from "../test/support/shared-data.ts";

const templateCount = 200;
const namespace = "ml-bench";
const repoFullName = "acme/bench";

export async function benchSync200(): Promise<void> {
  const api = await startTestKubeApi();
  api.createNamespace(namespace);
  const origin = await createOriginRepo();
  const cacheDir = await mkdtemp(join(tmpdir(), "coxswain-bench-"));
  try {
    const policy = parseServerPolicy(
      `repositories: [{match: "${repoFullName}", namespace: ${namespace}}]\nlimits: {maxFiles: 1000}\n`,
      "bench",
    );
    if (!policy.ok) throw new Error(policy.error);
    const deps = {
      cluster: argoClusterFor(api.kubeConfig()),
      server: policy.policy,
      schema: loadArgoSchemaValidator(argoSchemaPath),
    };
    const git = new GitMirrors(cacheDir, policy.policy.limits);
    const remote = { fullName: repoFullName, cloneUrl: origin.url };
    const files = Object.fromEntries(
      Array.from({ length: templateCount }, (_, i) => [
        `workflows/pipeline-${i}.yaml`,
        workflowTemplate(`pipeline-${i}`),
      ]),
    );
    const run = async (label: string, sha: string) => {
      api.resetRequestLog();
      const started = performance.now();
      const snapshot = await git.snapshot(remote, sha);
      const fetched = performance.now();
      const outcome = await syncRepository({ repoFullName, namespace, snapshot }, deps);
      const ended = performance.now();
      if (!outcome.ok) throw new Error(`sync failed: ${outcome.problems[0]?.message}`);
      const byMethod = new Map<string, number>();
      for (const request of api.requests)
        byMethod.set(request.method, (byMethod.get(request.method) ?? 0) + 1);
      const lists = api.requests.filter((r) => r.method === "GET").length;
      const writes = api.requests.length - lists;
      const counts = [...byMethod].map(([method, count]) => `${method} ${count}`).join(", ");
      console.log(
        `${label.padEnd(18)} wall ${(ended - started).toFixed(0).padStart(5)} ms (git ${(fetched - started).toFixed(0)} ms)  requests ${api.requests.length} (${counts})  writes ${writes}`,
      );
      return { writes, lists };
    };
    console.log(`sync of ${templateCount} WorkflowTemplates against the loopback test API`);
    await run("first sync", await origin.commit(files, "add 200 pipelines"));
    const noop = await run(
      "no-op sync",
      await origin.commit({ "README.md": "docs only\n" }, "docs"),
    );
    const one = await run(
      "one-file change",
      await origin.commit(
        { "workflows/pipeline-7.yaml": workflowTemplate("pipeline-7", { image: "python:3.13" }) },
        "bump",
      ),
    );
    console.log(
      `targets: no-op writes 0 (got ${noop.writes}), no-op lists <= 2 kinds (got ${noop.lists}); one-file change writes 1 (got ${one.writes})`,
    );
  } finally {
    await api.close();
    await origin.cleanup();
    await rm(cacheDir, { recursive: true, force: true });
  }
}
