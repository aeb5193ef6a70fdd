// /runs/<owner>/<repo>: the repository's pipelines (templates with runs) and its latest runs.
import type { PipelineSummary } from "../../ledger/run-ledger.ts";
import type { RunRecord } from "../../ledger/run-record.ts";
import { pipelineHistoryPath } from "../../report/history-link.ts";
import { html } from "../html.ts";
import type { Session } from "../session.ts";
import { phaseOf, timeOf } from "./format.ts";
import { layout } from "./layout.ts";
import { runsTable } from "./runs-table.ts";

export function repositoryPage(
  fullName: string,
  pipelines: readonly PipelineSummary[],
  latest: readonly RunRecord[],
  githubUrl: string,
  session: Session,
): string {
  const content = html`<section aria-labelledby="pipelines">
<h2 id="pipelines">Pipelines</h2>
${
  pipelines.length === 0
    ? html`<p class="empty">No run of this repository has ended yet.</p>`
    : html`<table class="pipelines">
<thead><tr><th scope="col">Pipeline</th><th scope="col">Runs</th><th scope="col">Last run</th><th scope="col">Last phase</th></tr></thead>
<tbody>${pipelines.map(
        (pipeline) => html`<tr>
<td><a href="${pipelineHistoryPath(fullName, pipeline.template)}">${pipeline.template}</a></td>
<td>${pipeline.runs}</td>
<td>${timeOf(pipeline.lastRecordedAt)}</td>
<td>${phaseOf(pipeline.lastPhase)}</td>
</tr>`,
      )}</tbody>
</table>`
}
</section>
<section aria-labelledby="latest">
<h2 id="latest">Latest runs</h2>
${runsTable(latest, githubUrl)}
</section>`;
  return layout(fullName, [{ label: fullName }], content, session);
}
