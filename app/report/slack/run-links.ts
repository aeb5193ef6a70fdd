// Where a run can be looked at: its commit or pull request on GitHub, the Argo UI, and its
// pipeline in coxswain's run history.
import type { ArgoObject } from "../../cluster/argo-kinds.ts";
import { annotationKeys, labelKeys } from "../../cluster/labels.ts";
import { pipelineHistoryUrl } from "../history-link.ts";

export interface MessageLinks {
  /** GitHub's web address (https://github.com, or a GitHub Enterprise Server's). */
  githubUrl: string;
  argoUiUrl?: string;
  /** coxswain's own address when its run history pages are on. */
  historyUrl?: string;
}

export interface RunLinks {
  commit?: { url: string; label: string };
  pullRequest?: { url: string; label: string };
  argo?: string;
  /** The run's pipeline in the run history. */
  history?: string;
}

export function runLinks(workflow: ArgoObject, links: MessageLinks): RunLinks {
  const labels = workflow.metadata.labels ?? {};
  const repo = workflow.metadata.annotations?.[annotationKeys.repoFullName];
  const commit = labels[labelKeys.commit];
  const pr = labels[labelKeys.pr];
  const base = `${links.githubUrl.replace(/\/$/, "")}/${repo}`;
  return {
    ...(repo && commit
      ? { commit: { url: `${base}/commit/${commit}`, label: commit.slice(0, 7) } }
      : {}),
    ...(repo && pr ? { pullRequest: { url: `${base}/pull/${pr}`, label: `#${pr}` } } : {}),
    ...(links.argoUiUrl
      ? {
          argo: `${links.argoUiUrl.replace(/\/$/, "")}/workflows/${workflow.metadata.namespace}/${workflow.metadata.name}`,
        }
      : {}),
    ...(links.historyUrl && repo
      ? { history: pipelineHistoryUrl(links.historyUrl, repo, templateOf(workflow)) }
      : {}),
  };
}

function templateOf(workflow: ArgoObject): string {
  return (
    workflow.metadata.annotations?.[annotationKeys.template] ??
    workflow.metadata.labels?.[labelKeys.template] ??
    ""
  );
}
