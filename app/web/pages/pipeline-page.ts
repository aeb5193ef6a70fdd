// /runs/<owner>/<repo>/pipelines/<template>: the pipeline's metric trends (drawn by
// /runs/-/assets/trends.js from the data in the page) and its runs, filtered and paged.
import type { RunRecord } from "../../ledger/run-record.ts";
import { repositoryHistoryPath } from "../../report/history-link.ts";
import type { MetricTrend } from "../../report/metric-trends.ts";
import { Html, html } from "../html.ts";
import { type Filters, phases } from "../run-filters.ts";
import type { Session } from "../session.ts";
import { layout } from "./layout.ts";
import { type PageLinks, runsTable } from "./runs-table.ts";

export interface PipelineView {
  fullName: string;
  template: string;
  trends: readonly MetricTrend[];
  records: readonly RunRecord[];
  filters: Filters;
  paging: PageLinks;
  githubUrl: string;
}

export function pipelinePage(view: PipelineView, session: Session): string {
  const { fullName, template } = view;
  const content = html`<section aria-labelledby="trends">
<h2 id="trends">Metric trends</h2>
${view.trends.length === 0 ? html`<p class="empty">No successful run has reported a metric yet.</p>` : view.trends.map((trend) => trendFigure(trend, fullName, view.githubUrl))}
</section>
<section aria-labelledby="runs">
<h2 id="runs">Runs</h2>
${filterForm(view.filters)}
${runsTable(view.records, view.githubUrl, view.paging)}
</section>`;
  return layout(
    `${template}`,
    [{ label: fullName, href: repositoryHistoryPath(fullName) }, { label: template }],
    content,
    session,
    ["/runs/-/assets/uPlot.iife.min.js", "/runs/-/assets/trends.js"],
  );
}

function trendFigure(trend: MetricTrend, fullName: string, githubUrl: string): Html {
  const id = `trend-${trend.name.replace(/[^A-Za-z0-9_-]/g, "_")}`;
  const pullRequests = trend.points.filter((point) => point.pr !== undefined);
  const rule =
    trend.better !== undefined
      ? html`${trend.better} is better; a change beyond ${trend.threshold ?? 0} is a regression`
      : html`not declared in the repository's metrics`;
  const data = {
    name: trend.name,
    points: trend.points.map((point) => ({
      at: point.at,
      value: point.value,
      run: point.run,
      regressed: point.regressed,
      ...(point.pr !== undefined
        ? { pr: point.pr, href: `${githubUrl}/${fullName}/pull/${point.pr}` }
        : {}),
    })),
  };
  return html`<figure class="trend" aria-labelledby="${id}-caption">
<figcaption id="${id}-caption"><strong>${trend.name}</strong> (${rule}); the line is the default branch, dots are pull requests, red ones regressed.</figcaption>
<div class="chart" id="${id}" data-trend></div>
<script type="application/json" data-trend-for="${id}">${jsonForScript(data)}</script>
${
  pullRequests.length > 0
    ? html`<details><summary>Pull request runs on this chart (${pullRequests.length})</summary><ul>${pullRequests
        .slice(-50)
        .reverse()
        .map(
          (point) =>
            html`<li><a href="${githubUrl}/${fullName}/pull/${point.pr}">#${point.pr}</a>: ${point.value}${point.regressed ? html` <strong class="regressed">regression</strong>` : ""} (${point.run})</li>`,
        )}</ul></details>`
    : ""
}
</figure>`;
}

/** JSON inside <script type="application/json">: "<" escaped so no value can close the element. */
function jsonForScript(value: unknown): Html {
  return new Html(JSON.stringify(value).replace(/</g, "\\u003c"));
}

function filterForm(filters: Filters): Html {
  const option = (value: string, label: string, current: string | undefined) =>
    html`<option value="${value}"${current === value ? html` selected` : ""}>${label}</option>`;
  return html`<form class="filters" method="get">
<label>Branch <select name="branch">${option("", "any", filters.branch ?? "")}${option("default", "default branch", filters.branch)}${option("pull-requests", "pull requests", filters.branch)}</select></label>
<label>Pull request <input name="pr" inputmode="numeric" pattern="[0-9]*" size="6" value="${filters.pr !== undefined ? String(filters.pr) : ""}"></label>
<label>Phase <select name="phase">${option("", "any", filters.phase ?? "")}${phases.map((phase) => option(phase, phase, filters.phase))}</select></label>
<label>From <input type="date" name="from" value="${filters.from ?? ""}"></label>
<label>To <input type="date" name="to" value="${filters.to ?? ""}"></label>
<button type="submit">Filter</button>
</form>`;
}
