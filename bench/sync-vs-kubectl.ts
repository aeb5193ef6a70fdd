// `npm run bench sync-vs-kubectl`: coxswain's sync of 200 three-step WorkflowTemplates against
// `kubectl apply --server-side -f dir/` of the same files, on the real kube-apiserver of
// test/envtest (kubectl built with it). coxswain's side is the whole sync as the app does it for
// a push, in this process: a snapshot of the pushed sha from a local bare origin (fetched into a
// mirror), plan, apply. kubectl's side is the process, from start to exit, on a checkout of the
// same files. The two alternate, scenario by scenario, each in its own namespace; every round
// starts coxswain from an empty mirror and empty caches, as after a restart: its first sync
// lists the namespace and starts the watch the later syncs of the round read it from.
// Targets (issue #14): no-op ≤ 0.2 s and ≥ 10× faster than kubectl; one changed file ≥ 10×
// faster; first sync ≥ 3× faster.
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadArgoSchemaValidator } from "../app/argo/argo-schema.ts";
import { argoClusterFor } from "../app/cluster/argo-cluster.ts";
import { parseServerPolicy } from "../app/config/server-policy.ts";
import { DefinitionCache } from "../app/definitions/definition-cache.ts";
import { GitMirrors, type RemoteRepo } from "../app/git/repo-mirror.ts";
import { NamespaceDefinitionsCache } from "../app/sync/namespace-definitions-cache.ts";
import type { PlanDeps } from "../app/sync/plan-repository.ts";
import { syncRepository } from "../app/sync/sync-repository.ts";
import { createOriginRepo, type OriginRepo } from "../test/support/git-repo.ts";
import { argoSchemaPath } from "../test/support/shared-data.ts";
import { type EnvtestServer, envtestServer } from "./envtest-target.ts";

const templateCount = 200;
const repoFullName = "acme/bench";

/** A WorkflowTemplate whose DAG runs three steps: load → features → train. */
function threeStepTemplate(name: string, image = "python:3.12"): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: ${name}
spec:
  entrypoint: main
  arguments:
    parameters:
      - name: lr
        value: "0.01"
  templates:
    - name: main
      dag:
        tasks:
          - name: load
            template: step
            arguments: {parameters: [{name: stage, value: load}]}
          - name: features
            template: step
            dependencies: [load]
            arguments: {parameters: [{name: stage, value: features}]}
          - name: train
            template: step
            dependencies: [features]
            arguments: {parameters: [{name: stage, value: train}]}
    - name: step
      inputs:
        parameters:
          - name: stage
      container:
        image: ${image}
        command: [python, -c, "print('{{inputs.parameters.stage}} {{workflow.parameters.lr}}')"]
        resources:
          requests: {cpu: 100m, memory: 128Mi}
`;
}

type Scenario = "first" | "noop" | "docs" | "one";
const scenarios: { key: Scenario; label: string; kubectl: Scenario }[] = [
  { key: "first", label: "first sync (empty namespace)", kubectl: "first" },
  { key: "noop", label: "no-op (head already synced)", kubectl: "noop" },
  // No kubectl counterpart of its own: compared with kubectl's no-op.
  { key: "docs", label: "no-op push (docs-only commit)", kubectl: "noop" },
  { key: "one", label: "one changed file", kubectl: "one" },
];

/** Milliseconds per scenario, one entry per round. */
type Times = Map<Scenario, number[]>;

interface Setup {
  envtest: EnvtestServer;
  shas: Record<Scenario, string>;
  /** kubectl's checkouts: the first commit's files, and the changed commit's. */
  dirs: { first: string; one: string };
  remote: RemoteRepo;
  deps: PlanDeps;
  work: string;
}

export async function benchSyncVsKubectl(rounds = Number(process.env.BENCH_ROUNDS ?? 5)) {
  const envtest = await envtestServer();
  const origin = await createOriginRepo();
  const work = await mkdtemp(join(tmpdir(), "coxswain-bench-"));
  try {
    const setup = await prepare(envtest, origin, work);
    console.log(
      `sync of ${templateCount} three-step WorkflowTemplates on kube-apiserver v1.20.2 (envtest), coxswain in process vs kubectl apply --server-side -f dir/; ${rounds} rounds after a warm-up, alternating`,
    );
    const coxswain: Times = new Map();
    const kubectl: Times = new Map();
    const pairs: Times = new Map();
    for (let round = 0; round <= rounds; round++) {
      const measured = await runRound(setup, round);
      if (round === 0) continue; // the warm-up: compiles the schema, fills kubectl's discovery cache
      for (const [key, { c, k }] of measured) {
        record(coxswain, key, c);
        if (k === undefined) continue;
        record(kubectl, key, k);
        record(pairs, key, k / c);
      }
    }
    printTable(coxswain, kubectl, pairs);
  } finally {
    await envtest.target.close();
    await origin.cleanup();
    await rm(work, { recursive: true, force: true });
  }
}

async function prepare(envtest: EnvtestServer, origin: OriginRepo, work: string): Promise<Setup> {
  const files = (image?: string) =>
    Object.fromEntries(
      Array.from({ length: templateCount }, (_, i) => [
        `pipeline-${i}.yaml`,
        threeStepTemplate(`pipeline-${i}`, i === 7 ? image : undefined),
      ]),
    );
  const inFolder = (named: Record<string, string>) =>
    Object.fromEntries(Object.entries(named).map(([file, text]) => [`workflows/${file}`, text]));
  const first = await origin.commit(inFolder(files()), "add 200 pipelines");
  const docs = await origin.commit({ "README.md": "docs only\n" }, "docs");
  const changed = await origin.commit(inFolder(files("python:3.13")), "bump one image");
  const checkout = async (name: string, named: Record<string, string>) => {
    const dir = join(work, name);
    await mkdir(dir, { recursive: true });
    for (const [file, text] of Object.entries(named)) await writeFile(join(dir, file), text);
    return dir;
  };
  const policy = parseServerPolicy(
    `repositories: [{match: "${repoFullName}", namespace: ml-bench}]\nlimits: {maxFiles: 1000}\n`,
    "bench",
  );
  if (!policy.ok) throw new Error(policy.error);
  return {
    envtest,
    shas: { first, noop: first, docs, one: changed },
    dirs: {
      first: await checkout("first", files()),
      one: await checkout("one", files("python:3.13")),
    },
    remote: { fullName: repoFullName, cloneUrl: origin.url },
    // Built once, as the app does at start; the warm-up round compiles what the schema needs.
    deps: {
      cluster: argoClusterFor(envtest.target.kubeConfig()),
      server: policy.policy,
      schema: loadArgoSchemaValidator(argoSchemaPath),
    },
    work,
  };
}

/**
 * One round: fresh namespaces, an empty mirror and an empty definition cache (as after a
 * restart), then each scenario by both tools, which goes first alternating.
 */
async function runRound(
  setup: Setup,
  round: number,
): Promise<Map<Scenario, { c: number; k?: number }>> {
  const { envtest, deps } = setup;
  const namespace = {
    coxswain: await envtest.target.namespace("sync-coxswain"),
    kubectl: await envtest.target.namespace("sync-kubectl"),
  };
  const cacheDir = join(setup.work, `mirror-${round}`);
  const git = new GitMirrors(cacheDir, deps.server.limits);
  // The app's caches, empty: definition readings by blob id, and the namespace's watched copy
  // (started by the round's first sync, as by a namespace's first push after a restart).
  const namespaceCache = new NamespaceDefinitionsCache(deps.cluster);
  const roundDeps = { ...deps, definitionCache: new DefinitionCache(), namespaceCache };
  const coxswain = async (scenario: Scenario) => {
    const started = performance.now();
    const snapshot = await git.snapshot(setup.remote, setup.shas[scenario]);
    const outcome = await syncRepository(
      { repoFullName, namespace: namespace.coxswain, snapshot },
      roundDeps,
    );
    const ms = performance.now() - started;
    if (!outcome.ok) throw new Error(`sync failed: ${outcome.problems[0]?.message}`);
    const writes = outcome.changes.filter((change) => change.action !== "unchanged").length;
    const expected = { first: templateCount, noop: 0, docs: 0, one: 1 }[scenario];
    if (writes !== expected) throw new Error(`${scenario}: ${writes} writes, not ${expected}`);
    return ms;
  };
  const kubectl = async (scenario: Scenario) => {
    const started = performance.now();
    await run(join(envtest.binDir, "kubectl"), [
      ...["apply", "--server-side", "-f", scenario === "one" ? setup.dirs.one : setup.dirs.first],
      ...["-n", namespace.kubectl],
      `--kubeconfig=${envtest.kubeconfigPath}`,
      `--cache-dir=${join(setup.work, "kubectl-cache")}`,
    ]);
    return performance.now() - started;
  };
  const measured = new Map<Scenario, { c: number; k?: number }>();
  for (const [index, scenario] of scenarios.entries()) {
    if (scenario.key === "docs") {
      measured.set(scenario.key, { c: await coxswain(scenario.key) });
    } else if ((round + index) % 2 === 1) {
      const k = await kubectl(scenario.kubectl);
      measured.set(scenario.key, { k, c: await coxswain(scenario.key) });
    } else {
      const c = await coxswain(scenario.key);
      measured.set(scenario.key, { c, k: await kubectl(scenario.kubectl) });
    }
  }
  git.close();
  namespaceCache.close();
  await rm(cacheDir, { recursive: true, force: true });
  return measured;
}

function printTable(coxswain: Times, kubectl: Times, pairs: Times): void {
  const cell = (values: number[] | undefined) =>
    (values?.length ? `${seconds(Math.min(...values))} / ${seconds(median(values))}` : "").padStart(
      17,
    );
  console.log(
    `\n${"seconds".padEnd(30)} ${"coxswain min/med".padStart(17)} ${"kubectl min/med".padStart(17)}  kubectl ÷ coxswain (median of pairs)`,
  );
  for (const { key, label, kubectl: counterpart } of scenarios) {
    const theirs = kubectl.get(counterpart) ?? [];
    const ours = coxswain.get(key) ?? [];
    const ratio = key === "docs" ? median(theirs) / median(ours) : median(pairs.get(key) ?? []);
    const note = key === "docs" ? " (vs kubectl's no-op)" : "";
    console.log(
      `${label.padEnd(30)} ${cell(ours)} ${cell(key === "docs" ? undefined : theirs)}  ${ratio.toFixed(1)}×${note}`,
    );
  }
  console.log("targets: no-op ≤ 0.2 s and ≥ 10×; one changed file ≥ 10×; first sync ≥ 3×");
}

function record(times: Times, key: Scenario, ms: number): void {
  times.set(key, [...(times.get(key) ?? []), ms]);
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (text: string) => {
      stderr += text;
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`kubectl exited ${code}: ${stderr.trim()}`)),
    );
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? NaN)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(3)}`;
}
