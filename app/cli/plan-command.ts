// `coxswain plan [repo-dir]`: what syncing this checkout would change in the cluster of the
// current kubeconfig context. Reads the cluster; writes nothing.
import { argoClusterFor } from "../cluster/argo-cluster.ts";
import { loadKubeConfig } from "../cluster/kube-config.ts";
import { directorySnapshot } from "../git/directory-snapshot.ts";
import { renderPlanText } from "../report/render-plan-text.ts";
import { planRepository } from "../sync/plan-repository.ts";
import { type CliContext, CliError } from "./cli-context.ts";
import { problemLines } from "./format-problems.ts";
import type { CommandResult } from "./lint-command.ts";

export async function planCommand(
  repoDir: string,
  repoFullName: string | undefined,
  context: CliContext,
  kubeconfigPath: string | undefined,
): Promise<CommandResult> {
  if (!context.namespace)
    throw new CliError("plan needs --namespace, or --policy with --repo to look it up");
  if (!repoFullName)
    throw new CliError("plan needs --repo owner/name (whose objects to compare with)");
  const cluster = argoClusterFor(loadKubeConfig({ kubeconfigPath, inCluster: false }));
  const outcome = await planRepository(
    { repoFullName, namespace: context.namespace, snapshot: directorySnapshot(repoDir) },
    { cluster, server: context.server, schema: context.schema },
  );
  if (!outcome.ok)
    return { exitCode: 1, stdout: `${problemLines(outcome.problems, repoDir).join("\n")}\n` };
  return { exitCode: 0, stdout: renderPlanText(outcome.changes, context.namespace) };
}
