// The address of a pipeline's page in coxswain's run history (/runs), for reports to link to.

export function pipelineHistoryUrl(historyUrl: string, repo: string, template: string): string {
  const [owner = "", name = ""] = repo.split("/");
  const path = [owner, name, "pipelines", template].map(encodeURIComponent).join("/");
  return `${historyUrl.replace(/\/$/, "")}/runs/${path}`;
}
