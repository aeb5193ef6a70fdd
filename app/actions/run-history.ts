// A pull request's runs for /status and the commands that name one: the Workflows still in the
// cluster and, from the run ledger, the ones pruned since (their records outlive them).

import type { ArgoCluster } from "../cluster/argo-cluster.ts";
import type { ArgoObject } from "../cluster/argo-kinds.ts";
import { annotationKeys, labelKeys, managedByValue, repoLabel } from "../cluster/labels.ts";
import type { RunLedger } from "../ledger/run-ledger.ts";
import type { RunRecord } from "../ledger/run-record.ts";
import { type RunRow, rowOfWorkflow } from "../report/render-run-list.ts";
import { type RunScope, runsOfPullRequest } from "../runs/find-runs.ts";

export async function pullRequestRows(
  deps: { cluster: ArgoCluster; ledger?: RunLedger },
  scope: RunScope,
): Promise<RunRow[]> {
  const live = await runsOfPullRequest(deps.cluster, scope);
  const rows = live.map(rowOfWorkflow);
  if (deps.ledger) {
    const inCluster = new Set(live.map((run) => run.metadata.name));
    for (const record of await deps.ledger.ofPullRequest(
      scope.namespace,
      scope.repoFullName,
      scope.pr,
      100,
    )) {
      if (!inCluster.has(record.name)) rows.push(rowOfRecord(record));
    }
  }
  return rows.sort((a, b) => b.at - a.at || b.name.localeCompare(a.name));
}

function rowOfRecord(record: RunRecord): RunRow {
  return {
    name: record.name,
    template: record.template,
    phase: record.phase,
    commit: record.commit,
    actor: record.actor,
    pruned: true,
    at: record.startedAt ?? record.recordedAt,
  };
}

/**
 * A pruned run as the rerun action reads a previous run: its name, template, commit,
 * parameters and pull request, as its record keeps them.
 */
export function previousRunOf(record: RunRecord): ArgoObject {
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Workflow",
    metadata: {
      name: record.name,
      namespace: record.namespace,
      labels: {
        "app.kubernetes.io/managed-by": managedByValue,
        [labelKeys.repo]: repoLabel(record.repo),
        [labelKeys.commit]: record.commit,
        ...(record.pr !== undefined ? { [labelKeys.pr]: String(record.pr) } : {}),
      },
      annotations: {
        [annotationKeys.repoFullName]: record.repo,
        [annotationKeys.template]: record.template,
      },
    },
    spec: {
      arguments: {
        parameters: Object.entries(record.parameters).map(([name, value]) => ({ name, value })),
      },
    },
    status: { phase: record.phase },
  };
}
