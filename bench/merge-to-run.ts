// Time from a merge's push webhook to its run's Workflow created (the API server's answer to
// the create), with a warm Git mirror: the app's own overhead of guards, sync of an unchanged
// repository, trigger and run. Target (issue #4): p99 under 50 ms. Also printed: the time until
// the webhook is fully handled (the run's check run and the sync's report written). GitHub is
// intercepted in process; Git and the Kubernetes API are real. (Across a network, GitHub's
// answers and the `ls-remote` to it add their round trips to both figures.)
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nock from "nock";
import { loadArgoSchemaValidator } from "../app/argo/argo-schema.ts";
import { argoClusterFor } from "../app/cluster/argo-cluster.ts";
import { coreClusterFor } from "../app/cluster/core-cluster.ts";
import { parseServerPolicy } from "../app/config/server-policy.ts";
import { GitMirrors } from "../app/git/repo-mirror.ts";
import { loopbackTarget } from "../test/support/cluster-target.ts";
import { createOriginRepo } from "../test/support/git-repo.ts";
import { GitHubMock } from "../test/support/github-mock.ts";
import { workflowTemplate } from "../test/support/pipelines.ts";
import { startHarness, testSigner } from "../test/support/probot-harness.ts";
import { argoSchemaPath } from "../test/support/shared-data.ts";
import { pushPayload } from "../test/support/webhooks.ts";
import { envtestTarget } from "./envtest-target.ts";

const merges = 150;
const warmUp = 10;

/** `server`: the loopback test API, or the real kube-apiserver of test/envtest (built and cached). */
export async function benchMergeToRun(
  server: "loopback" | "kube-apiserver" = "loopback",
): Promise<void> {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1/);
  const api = server === "loopback" ? await loopbackTarget() : await envtestTarget();
  const namespace = await api.namespace("ml");
  const origin = await createOriginRepo();
  const cacheDir = await mkdtemp(join(tmpdir(), "coxswain-bench-"));
  try {
    const policy = parseServerPolicy(
      `repositories: [{match: "acme/pipelines", namespace: ${namespace}}]\n`,
      "bench",
    );
    if (!policy.ok) throw new Error(policy.error);
    const git = new GitMirrors(cacheDir, policy.policy.limits);
    const cluster = argoClusterFor(api.kubeConfig());
    let workflowCreatedAt = 0;
    const create = cluster.create.bind(cluster);
    cluster.create = async (kind, ns, object) => {
      const created = await create(kind, ns, object);
      if (kind === "Workflow") workflowCreatedAt = performance.now();
      return created;
    };
    const deps = {
      server: policy.policy,
      git,
      cluster,
      core: coreClusterFor(api.kubeConfig()),
      schema: loadArgoSchemaValidator(argoSchemaPath),
      signer: testSigner,
    };
    const app = await startHarness(deps);
    const repository = { fullName: "acme/pipelines", cloneUrl: origin.url };
    const config = "triggers:\n  - on: merge\n    template: train\n";
    const toCreated: number[] = [];
    const toHandled: number[] = [];
    let before: string | undefined;
    for (let i = 0; i <= merges; i++) {
      const files =
        i === 0
          ? { ".github/coxswain.yml": config, "workflows/train.yaml": workflowTemplate("train") }
          : { [`data/merge-${i}.txt`]: `${i}\n` };
      const sha = await origin.commit(files, `merge ${i}`);
      await git.snapshot(repository, sha); // warm: the commit is in the mirror when its webhook arrives
      const github = new GitHubMock("acme/pipelines");
      if (i === 0) github.installationToken();
      github
        .existingCheckRuns(sha, "coxswain/sync")
        .checkRun("coxswain/sync", sha)
        .queuedCheckRun("coxswain/run: train", sha);
      workflowCreatedAt = 0;
      const started = performance.now();
      await app.receive("push", pushPayload(repository, sha, before, files));
      const handled = performance.now();
      if (!workflowCreatedAt) throw new Error(`merge ${i}: no Workflow was created`);
      if (i > warmUp) {
        // The first merges also create the template and warm up the JIT; they are not counted.
        toCreated.push(workflowCreatedAt - started);
        toHandled.push(handled - started);
      }
      if (!github.scope.isDone()) {
        throw new Error(
          `merge ${i}: GitHub calls missing: ${github.scope.pendingMocks().join(", ")}`,
        );
      }
      before = sha;
    }
    const runs = (await api.list("workflows", namespace)).length;
    console.log(
      `merge webhook → Workflow created (${server}, warm mirror, ${toCreated.length} merges, ${runs} runs): ${percentiles(toCreated)}; target p99 < 50 ms`,
    );
    console.log(`merge webhook → fully handled (${server}): ${percentiles(toHandled)}`);
  } finally {
    nock.cleanAll();
    await api.close();
    await origin.cleanup();
    await rm(cacheDir, { recursive: true, force: true });
  }
}

function percentiles(timings: number[]): string {
  const sorted = [...timings].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]?.toFixed(1);
  return `p50 ${at(0.5)} ms, p90 ${at(0.9)} ms, p99 ${at(0.99)} ms, max ${sorted.at(-1)?.toFixed(1)} ms`;
}
