// The run's PR comment and check-run text: phase and progress, the steps, the pipeline's
// picture coloured by phase, once it has ended where the time went, output parameters and links.
// Kept under GitHub's 65,536 characters by showing fewer step rows and leaving the pictures out,
// never by cutting markdown in the middle.
import type { WorkflowSpec } from "../argo/lint/argo-document.ts";
import type { ArgoObject } from "../cluster/argo-kinds.ts";
import { annotationKeys, labelKeys } from "../cluster/labels.ts";
import type { RunStatus } from "../runs/run-status.ts";
import { keptFailedLog, withMaskedMessage } from "../runs/step-log.ts";
import { checkRunTextLimit } from "./check-run-output.ts";
import type { Comparison } from "./compare-metrics.ts";
import { duration } from "./durations.ts";
import { pipelineHistoryUrl } from "./history-link.ts";
import { code, codeBlock, escapeMarkdown, mention } from "./markdown.ts";
import { nodePhaseLookup } from "./mermaid/node-phases.ts";
import { pipelineGraph } from "./mermaid/pipeline-graph.ts";
import { renderMermaid } from "./mermaid/render-mermaid.ts";
import { iconOf } from "./phase-icons.ts";
import { renderMetrics } from "./render-metrics.ts";
import { stepsTable } from "./render-steps-table.ts";
import { timelineSection } from "./render-timeline.ts";
import { runMarker } from "./run-marker.ts";

export interface ReportLinks {
  /** Argo UI base URL, for a link to the run. */
  argoUiUrl?: string;
  /** coxswain's own address when its run history pages are on: an ended run links its pipeline's. */
  historyUrl?: string;
}

export function runHeadline(run: RunStatus): string {
  const progress = run.progress ? ` · ${run.progress} steps` : "";
  const took = run.startedAt ? ` · ${duration(run.startedAt, run.finishedAt)}` : "";
  const stopping =
    run.shutdown && !run.finished
      ? ` (${run.shutdown === "Terminate" ? "terminating" : "stopping"})`
      : "";
  return `${iconOf(run.phase)} ${run.phase}${stopping}${progress}${took}`;
}

export function renderRunReport(
  workflow: ArgoObject,
  given: RunStatus,
  links: ReportLinks = {},
  comparison?: Comparison,
): string {
  const run = withMaskedMessage(given, keptFailedLog(workflow));
  const labels = workflow.metadata.labels ?? {};
  const actor =
    workflow.metadata.annotations?.[annotationKeys.actor] ?? labels[labelKeys.actor] ?? "";
  const header = [
    runMarker(run.name),
    `### ${iconOf(run.phase)} ${escapeMarkdown(run.template)} · ${code(run.name)}`,
    "",
    `**${escapeMarkdown(runHeadline(run))}** · commit ${escapeMarkdown((labels[labelKeys.commit] ?? "").slice(0, 7))} · by ${actor ? mention(actor) : "@"} · ${escapeMarkdown(labels[labelKeys.trigger] ?? "")}`,
  ];
  if (run.message && run.finished) header.push("", `> ${escapeMarkdown(run.message)}`);
  const tail = [
    comparison ? renderMetrics(comparison, run.template) : "",
    outputsSection(run),
    linksSection(workflow, run, links),
  ].filter(Boolean);
  const picture = pictureSection(workflow, run);
  const timeline = timelineSection(workflow, run);
  for (const rows of [200, 50, 10, 0]) {
    const body = [
      ...header,
      "",
      run.nodesMissing
        ? "_The step details are offloaded to Argo's database; see the Argo UI._"
        : stepsTable(run.steps, rows),
      ...(rows >= 50 ? [picture] : []),
      ...(timeline ? [timeline.summary, ...(rows >= 50 ? [timeline.chart] : [])] : []),
      ...tail,
    ]
      .filter((part) => part !== "")
      .join("\n\n");
    if (body.length <= checkRunTextLimit) return body;
  }
  return header.join("\n");
}

function outputsSection(run: RunStatus): string {
  if (run.outputs.length === 0) return "";
  const rows = run.outputs
    .slice(0, 30)
    .map(
      (output) =>
        `| ${escapeMarkdown(output.name)} | ${code(output.value.slice(0, 200), "table")} |`,
    );
  return ["**Outputs**", "", "| parameter | value |", "| --- | --- |", ...rows].join("\n");
}

function linksSection(workflow: ArgoObject, run: RunStatus, links: ReportLinks): string {
  const argo = links.argoUiUrl
    ? `[Open in the Argo UI](${links.argoUiUrl.replace(/\/$/, "")}/workflows/${run.namespace}/${run.name})`
    : "";
  const repo = workflow.metadata.annotations?.[annotationKeys.repoFullName];
  const history =
    links.historyUrl && run.finished && repo
      ? `[Runs of ${escapeMarkdown(run.template)} and their metrics](${pipelineHistoryUrl(links.historyUrl, repo, run.template)})`
      : "";
  return [argo, history].filter(Boolean).join(" · ");
}

function pictureSection(workflow: ArgoObject, run: RunStatus): string {
  const status = (workflow.status ?? {}) as { storedWorkflowTemplateSpec?: WorkflowSpec };
  const spec = status.storedWorkflowTemplateSpec ?? ((workflow.spec ?? {}) as WorkflowSpec);
  if (!(spec as { templates?: unknown[] }).templates) return "";
  const phaseOf = nodePhaseLookup(run.name, run.nodePhases);
  return `<details><summary>Pipeline</summary>\n\n${codeBlock(renderMermaid(pipelineGraph(spec), { phaseOf }), "mermaid")}\n\n</details>`;
}
