// A 100-step run whose status changes 500 times, reported on GitHub (intercepted): how many
// GitHub writes the reporter makes. Target (issue #4): at most 15. Then 1,000 runs at once within
// one installation's rate limit (bench/reporting-at-scale.ts, issue #14).

import nock from "nock";
import { pino } from "pino";
import { argoClusterFor } from "../app/cluster/argo-cluster.ts";
import { coreClusterFor } from "../app/cluster/core-cluster.ts";
import { githubRunReportSink } from "../app/github/run-report-sink.ts";
import { RunReporter } from "../app/watch/run-reporter.ts";
import { RunWatcher } from "../app/watch/run-watcher.ts";
import { GitHubMock } from "../test/support/github-mock.ts";
import { startTestKubeApi } from "../test/support/kube-api/index.ts";
import { startHarness, testSigner } from "../test/support/probot-harness.ts";
import { signedPullRequestRun } from "../test/support/signed-run.ts";
import { benchReportingAtScale } from "./reporting-at-scale.ts";

const steps = 100;
const changes = 500;
const paceMs = 60;

export async function benchRunReporting(): Promise<void> {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1/);
  const api = await startTestKubeApi();
  api.createNamespace("ml");
  const cluster = argoClusterFor(api.kubeConfig());
  const github = new GitHubMock("acme/pipelines").installationToken().reporting(7);
  const harness = await startHarness({} as never);
  const auth = async (id: number) => (await harness.probot.auth(id)) as never;
  const log = pino({ level: "silent" });
  const reporter = new RunReporter(
    cluster,
    githubRunReportSink({ auth, appId: 1, signer: testSigner, links: {} }),
    log,
    {
      logs: coreClusterFor(api.kubeConfig()),
    },
  );
  const name = "train-bench0001";
  await cluster.create(
    "Workflow",
    "ml",
    signedPullRequestRun("ml", {
      name,
      pr: 7,
      annotations: {
        "coxswain.dev/installation-id": "2",
        "coxswain.dev/check-run-id": "100",
        "coxswain.dev/pr-comment-id": "5000",
      },
      spec: {
        entrypoint: "main",
        templates: [
          {
            name: "main",
            steps: Array.from({ length: steps }, (_, i) => [{ name: `s${i}`, template: "step" }]),
          },
          { name: "step", container: { image: "alpine" } },
        ],
      },
    }),
  );
  const watcher = new RunWatcher(cluster, reporter, log, { namespace: "ml" });
  await watcher.start();
  const started = performance.now();
  const nodes: Record<string, object> = {};
  for (let change = 0; change < changes; change++) {
    const step = Math.floor((change * steps) / changes);
    const done = change === changes - 1;
    nodes[`n${step}`] = {
      id: `n${step}`,
      name: `${name}[${step}].s${step}`,
      displayName: `s${step}`,
      type: "Pod",
      phase: done || change % 5 === 4 ? "Succeeded" : "Running",
      startedAt: new Date().toISOString(),
    };
    api.patch("workflows", "ml", name, {
      status: {
        phase: done ? "Succeeded" : "Running",
        progress: `${step}/${steps}`,
        startedAt: "2026-11-23T10:00:00Z",
        ...(done ? { finishedAt: new Date().toISOString() } : {}),
        nodes: { ...nodes },
      },
    } as never);
    await new Promise((resolve) => setTimeout(resolve, paceMs));
  }
  const deadline = Date.now() + 20_000;
  while (!github.comments.some((c) => c.body.includes("coxswain:exit:")) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const elapsed = (performance.now() - started) / 1000;
  const writes =
    github.checkRunUpdates.length + github.commentUpdates.length + github.comments.length;
  console.log(
    `run reporting: ${steps} steps, ${changes} status changes over ${elapsed.toFixed(1)} s → ${writes} GitHub writes (${github.checkRunUpdates.length} check-run updates, ${github.commentUpdates.length} comment updates, ${github.comments.length} exit notification); target ≤ 15`,
  );
  watcher.stop();
  reporter.stop();
  nock.cleanAll();
  await api.close();
  await benchReportingAtScale();
}
