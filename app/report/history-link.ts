// Addresses in coxswain's run history (/runs): a repository's page and a pipeline's, for the
// pages themselves and for reports to link to. Each part is encoded.

export function repositoryHistoryPath(repo: string): string {
  const [owner = "", name = ""] = repo.split("/");
  return `/runs/${encodeURIComponent(owner)}/${encodeURIComponent(name)}`;
}

export function pipelineHistoryPath(repo: string, template: string): string {
  return `${repositoryHistoryPath(repo)}/pipelines/${encodeURIComponent(template)}`;
}

export function pipelineHistoryUrl(historyUrl: string, repo: string, template: string): string {
  return `${historyUrl.replace(/\/$/, "")}${pipelineHistoryPath(repo, template)}`;
}
