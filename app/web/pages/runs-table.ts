// A table of runs, newest first, each linking to its own page, with Newer/Older paging links.
import type { RunRecord } from "../../ledger/run-record.ts";
import { repositoryHistoryPath } from "../../report/history-link.ts";
import { type Html, html } from "../html.ts";
import { durationOf, phaseOf, timeOf } from "./format.ts";

export interface PageLinks {
  newer?: string;
  older?: string;
}

export function runsTable(
  records: readonly RunRecord[],
  githubUrl: string,
  paging: PageLinks = {},
): Html {
  if (records.length === 0) return html`<p class="empty">No runs match.</p>`;
  const rows = records.map((run) => {
    const repo = `${githubUrl}/${run.repo}`;
    return html`<tr>
<td><a href="${repositoryHistoryPath(run.repo)}/runs/${encodeURIComponent(run.name)}">${run.name}</a></td>
<td>${phaseOf(run.phase)}</td>
<td>${run.template}</td>
<td>${run.trigger}</td>
<td>${run.actor}</td>
<td><a href="${repo}/commit/${run.commit}"><code>${run.commit.slice(0, 7)}</code></a></td>
<td>${run.pr !== undefined ? html`<a href="${repo}/pull/${run.pr}">#${run.pr}</a>` : html`<span class="none">default branch</span>`}</td>
<td>${timeOf(run.startedAt ?? run.recordedAt)}</td>
<td>${durationOf(run.startedAt, run.finishedAt)}</td>
</tr>`;
  });
  return html`<table class="runs">
<caption class="visually-hidden">Runs, newest first</caption>
<thead><tr><th scope="col">Run</th><th scope="col">Phase</th><th scope="col">Pipeline</th><th scope="col">Trigger</th><th scope="col">Actor</th><th scope="col">Commit</th><th scope="col">Pull request</th><th scope="col">Started</th><th scope="col">Duration</th></tr></thead>
<tbody>${rows}</tbody>
</table>
${
  paging.newer || paging.older
    ? html`<nav class="paging" aria-label="Pages of runs">
${paging.newer ? html`<a rel="prev" href="${paging.newer}">← Newer</a>` : ""}
${paging.older ? html`<a rel="next" href="${paging.older}">Older →</a>` : ""}
</nav>`
    : ""
}`;
}
