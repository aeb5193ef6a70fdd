// `npm run bench [sync|sync-vs-kubectl|reconcile|merge|reporting|prune|ledger|runs-page]`: runs the benchmarks and prints its figures. Never part of `npm test`.
import { cpus, totalmem } from "node:os";
import { benchLedger } from "./ledger.ts";
import { benchMergeToRun } from "./merge-to-run.ts";
import { benchPrune } from "./prune-runs.ts";
import { benchReconcilePass } from "./reconcile-pass.ts";
import { benchRunReporting } from "./run-reporting.ts";
import { benchRunsPage } from "./runs-page.ts";
import { benchSync200 } from "./sync-200-templates.ts";
import { benchSyncVsKubectl } from "./sync-vs-kubectl.ts";

console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.versions.node}\n`,
);
const only = process.argv[2];
if (!only || only === "sync") await benchSync200();
if (!only || only === "sync-vs-kubectl") await benchSyncVsKubectl();
if (!only || only === "reconcile") await benchReconcilePass();
if (!only || only === "merge") {
  await benchMergeToRun("loopback");
  await benchMergeToRun("kube-apiserver");
}
if (!only || only === "reporting") await benchRunReporting();
if (!only || only === "prune") await benchPrune();
if (!only || only === "ledger") await benchLedger();
if (!only || only === "runs-page") await benchRunsPage();
