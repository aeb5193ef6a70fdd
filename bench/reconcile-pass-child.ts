// The passes of bench/reconcile-pass.ts, in a process of their own (npm start's heap flags):
// the leader after a restart, its mirrors on disk, nothing in memory. Prints one line a pass.
import { KubeConfig } from "@kubernetes/client-node";
import { pino } from "pino";
import { loadArgoSchemaValidator } from "../app/argo/argo-schema.ts";
import { argoClusterFor } from "../app/cluster/argo-cluster.ts";
import { parseServerPolicy } from "../app/config/server-policy.ts";
import { GitMirrors } from "../app/git/repo-mirror.ts";
import type { Octokit } from "../app/github/check-runs.ts";
import { Reconciler } from "../app/github/reconciler.ts";
import type { ServedRepository } from "../app/github/served-repositories.ts";
import { recordingCluster } from "../test/support/recording-cluster.ts";
import { argoSchemaPath } from "../test/support/shared-data.ts";

const { kubeconfigPath, cacheDir, repositories } = JSON.parse(
  process.env.BENCH_RECONCILE ?? "{}",
) as { kubeconfigPath: string; cacheDir: string; repositories: ServedRepository[] };
const policy = parseServerPolicy(
  'repositories: [{match: "acme/*", namespace: "reco-{repo}"}]\nlimits: {maxFiles: 1000}\n',
  "bench",
);
if (!policy.ok) throw new Error(policy.error);
const kubeConfig = new KubeConfig();
kubeConfig.loadFromFile(kubeconfigPath);
const recorded = recordingCluster(argoClusterFor(kubeConfig));
const services = {
  cluster: recorded.cluster,
  server: policy.policy,
  schema: loadArgoSchemaValidator(argoSchemaPath),
  git: new GitMirrors(cacheDir, policy.policy.limits),
};
const githubCalls: string[] = [];
// Any GitHub call beyond the listing fails loudly (the pass must make none when nothing changed).
const octokit = {
  auth: async () => ({ token: undefined }),
  rest: new Proxy(
    {},
    {
      get: (_target, name) => {
        githubCalls.push(String(name));
        throw new Error(`the pass asked GitHub for ${String(name)}`);
      },
    },
  ),
} as unknown as Octokit;
const reconciler = new Reconciler(
  {
    services,
    sync: async () => {
      githubCalls.push("sync");
    },
    listing: { list: async () => ({ repositories, complete: true, notModified: 2, fetched: 0 }) },
    asInstallation: async () => octokit,
    notifyDrift: async () => {},
    log: pino({ level: "silent" }),
  },
  { everyMs: 3_600_000, concurrency: 4, debounceMs: 1_000, firstPassAfterMs: 3_600_000 },
);
for (const label of ["first pass after a restart", "no-change pass", "no-change pass"]) {
  recorded.reset();
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 20);
  const started = performance.now();
  const result = await reconciler.pass();
  const wall = performance.now() - started;
  clearInterval(sampler);
  const lists = recorded.calls.filter((c) => c.method === "list" || c.method === "listPage");
  const outcomes = new Map<string, number>();
  for (const outcome of Object.values(result.outcomes))
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  console.log(
    `${label.padEnd(28)} wall ${(wall / 1000).toFixed(2)} s  lists ${lists.length} (${(lists.length / repositories.length).toFixed(1)} per namespace)  writes ${recorded.writes().length}  GitHub calls ${githubCalls.length}  peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB  outcomes ${[...outcomes].map(([o, n]) => `${o} ${n}`).join(", ")}`,
  );
}
await reconciler.stop();
services.git.close();
