// `coxswain prune --repo owner/name [--namespace ns] [--dry-run]`: delete what coxswain synced
// for a repository it no longer serves (what `onRemove: prune` does), in the cluster of the
// current kubeconfig context: only objects labelled for that repository, CronWorkflows first.
import { argoClusterFor } from "../cluster/argo-cluster.ts";
import { loadKubeConfig } from "../cluster/kube-config.ts";
import { removeRepositoryObjects } from "../sync/remove-repository.ts";
import type { CommandResult } from "./lint-command.ts";

export async function pruneDefinitionsCommand(
  repoFullName: string,
  options: { namespace?: string; dryRun: boolean },
  kubeconfigPath: string | undefined,
): Promise<CommandResult> {
  const cluster = argoClusterFor(loadKubeConfig({ kubeconfigPath, inCluster: false }));
  const removal = await removeRepositoryObjects(
    cluster,
    { fullName: repoFullName },
    {
      ...(options.namespace ? { namespace: options.namespace } : {}),
      dryRun: options.dryRun,
    },
  );
  const verb = options.dryRun ? "would delete" : "deleted";
  const lines = removal.objects.map(
    (object) => `${verb} ${object.namespace}/${object.kind}/${object.name}`,
  );
  const count = removal.objects.length;
  const objects = `${count} object${count === 1 ? "" : "s"} synced for ${repoFullName}`;
  const gone = removal.alreadyGone ? ` (${removal.alreadyGone} already gone)` : "";
  lines.push(options.dryRun ? `${objects} would be deleted.` : `${objects} deleted${gone}.`);
  return { exitCode: 0, stdout: `${lines.join("\n")}\n` };
}
