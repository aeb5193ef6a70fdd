// `coxswain prune [--dry-run]`: delete the finished runs retention does not keep, in the cluster
// of the current kubeconfig context (every namespace, or --namespace), saying which and why.
import { argoClusterFor } from "../cluster/argo-cluster.ts";
import { loadKubeConfig } from "../cluster/kube-config.ts";
import { pruneRuns } from "../prune/prune-runs.ts";
import type { CliContext } from "./cli-context.ts";
import type { CommandResult } from "./lint-command.ts";

export async function pruneCommand(
  dryRun: boolean,
  context: CliContext,
  kubeconfigPath: string | undefined,
): Promise<CommandResult> {
  const cluster = argoClusterFor(loadKubeConfig({ kubeconfigPath, inCluster: false }));
  const result = await pruneRuns(cluster, context.server.retention, {
    dryRun,
    ...(context.namespace ? { namespace: context.namespace } : {}),
  });
  const verb = dryRun ? "would delete" : "deleted";
  const lines = result.decisions.map(
    ({ run, why }) => `${verb} ${run.namespace}/${run.name}: ${why}`,
  );
  const count = dryRun ? result.decisions.length : result.deleted;
  const runs = `${count} finished run${count === 1 ? "" : "s"}`;
  const gone = result.skipped ? ` (${result.skipped} already gone)` : "";
  lines.push(dryRun ? `${runs} would be deleted.` : `${runs} deleted${gone}.`);
  return { exitCode: 0, stdout: `${lines.join("\n")}\n` };
}
