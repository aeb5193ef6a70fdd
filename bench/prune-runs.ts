// Prunes 10,000 finished runs (200 templates × 50, each template keeping its newest 10) from
// the loopback test Kubernetes API and prints wall time, peak RSS and API requests.
// Target (issue #6): under 60 s and under 200 MB RSS. The pruner runs in a process of its own
// with the heap limit `npm start` gives the app (V8 otherwise lets garbage pile up far past
// what is live: about 45 MB here), and the API server in another (bench/prune-api-process.ts),
// so the RSS is the pruner's alone.
import { type ChildProcess, fork } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { argoClusterFor } from "../app/cluster/argo-cluster.ts";
import { loadKubeConfig } from "../app/cluster/kube-config.ts";
import { serverRetentionSchema } from "../app/config/retention-config.ts";
import { pruneRuns } from "../app/prune/prune-runs.ts";

const templates = 200;
const runsPerTemplate = 50;
const keepLast = 10;

/** Runs the benchmark in a child process started with the app's own Node flags. */
export async function benchPrune(): Promise<void> {
  const child = fork(new URL(import.meta.url), ["--measure"], {
    execArgv: [...process.execArgv, ...(await startFlags())],
    stdio: "inherit",
  });
  const code = await new Promise((resolve) => child.once("exit", resolve));
  if (code !== 0) throw new Error(`the prune benchmark failed (exit ${code})`);
}

/** The Node flags of `npm start` (package.json), e.g. --max-old-space-size=256. */
async function startFlags(): Promise<string[]> {
  const manifest = JSON.parse(
    await readFile(new URL("../package.json", import.meta.url), "utf8"),
  ) as { scripts: { start: string } };
  return manifest.scripts.start.split(/\s+/).filter((word) => word.startsWith("--"));
}

async function measure(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "coxswain-prune-bench-"));
  const kubeconfigPath = join(dir, "config");
  const api = fork(
    new URL("./prune-api-process.ts", import.meta.url),
    [kubeconfigPath, String(templates), String(runsPerTemplate)],
    { stdio: ["ignore", "inherit", "inherit", "ipc"] },
  );
  try {
    await answer(api, undefined);
    const cluster = argoClusterFor(loadKubeConfig({ kubeconfigPath, inCluster: false }));
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 10);
    const started = performance.now();
    const result = await pruneRuns(
      cluster,
      serverRetentionSchema.parse({ keepLast, maxAge: "30d" }),
      {
        dryRun: false,
      },
    );
    const wall = (performance.now() - started) / 1000;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const figures = (await answer(api, "figures")) as {
      requests: number;
      byMethod: Record<string, number>;
      left: number;
    };
    const methods = Object.entries(figures.byMethod)
      .map(([m, n]) => `${m} ${n}`)
      .join(", ");
    console.log(
      `prune ${templates * runsPerTemplate} finished runs (${templates} templates × ${runsPerTemplate}, keepLast ${keepLast}): deleted ${result.deleted}, kept ${figures.left}; wall ${wall.toFixed(1)} s, peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB, API requests ${figures.requests} (${methods}); target < 60 s and < 200 MB`,
    );
  } finally {
    api.send({ ask: "stop" });
    await new Promise((resolve) => api.once("exit", resolve));
    await rm(dir, { recursive: true, force: true });
  }
}

/** The API process's next message, after asking (or its first, "ready"). */
function answer(child: ChildProcess, ask: string | undefined): Promise<unknown> {
  return new Promise((resolve, reject) => {
    child.once("message", resolve);
    child.once("exit", (code) => reject(new Error(`the API process exited (${code})`)));
    if (ask) child.send({ ask });
  });
}

if (import.meta.main && process.argv.includes("--measure")) await measure();
