// /runs/<owner>/<repo>/runs/<name>: one run from its ledger record — what ran, how it ended,
// the failed step with its (masked) log, where its time went, links out, and Rerun.
import type { RunRecord } from "../../ledger/run-record.ts";
import { pipelineHistoryPath, repositoryHistoryPath } from "../../report/history-link.ts";
import { timelineTotals } from "../../runs/step-timeline.ts";
import { type Html, html } from "../html.ts";
import type { Session } from "../session.ts";
import { durationOf, phaseOf, timeOf } from "./format.ts";
import { layout } from "./layout.ts";
import { timelineSvg } from "./timeline-svg.ts";

export interface RunLinks {
  githubUrl: string;
  argoUiUrl?: string;
}

/** `requestId`: this form's own id, so pressing Rerun twice (or reloading) starts one run. */
export function runPage(
  run: RunRecord,
  links: RunLinks,
  session: Session,
  requestId: string,
): string {
  const repo = `${links.githubUrl}/${run.repo}`;
  const base = repositoryHistoryPath(run.repo);
  const content = html`<dl class="run">
<dt>Phase</dt><dd>${phaseOf(run.phase)}</dd>
<dt>Pipeline</dt><dd><a href="${pipelineHistoryPath(run.repo, run.template)}">${run.template}</a></dd>
<dt>Trigger</dt><dd>${run.trigger}</dd>
<dt>Actor</dt><dd>${run.actor}</dd>
<dt>Commit</dt><dd><a href="${repo}/commit/${run.commit}"><code>${run.commit}</code></a></dd>
<dt>Pull request</dt><dd>${run.pr !== undefined ? html`<a href="${repo}/pull/${run.pr}">#${run.pr}</a>` : "default branch"}</dd>
<dt>Started</dt><dd>${timeOf(run.startedAt)}</dd>
<dt>Finished</dt><dd>${timeOf(run.finishedAt)}</dd>
<dt>Duration</dt><dd>${durationOf(run.startedAt, run.finishedAt) || "—"}</dd>
</dl>
<p class="links">
<a href="${repo}/commit/${run.commit}/checks">Check runs of the commit</a>
${links.argoUiUrl ? html` · <a href="${links.argoUiUrl.replace(/\/$/, "")}/workflows/${run.namespace}/${run.name}">Open in the Argo UI</a>` : ""}
</p>
<form method="post" action="${base}/runs/${encodeURIComponent(run.name)}/rerun" class="rerun">
<input type="hidden" name="csrf" value="${session.csrf}">
<input type="hidden" name="request" value="${requestId}">
<button type="submit">Rerun</button>
<span class="hint">Starts ${run.template} again at the same commit with the same parameters (needs the permission coxswain's commands need on ${run.repo}).</span>
</form>
${failure(run)}
${keyValues("Parameters", "parameters", run.parameters)}
${keyValues("Outputs", "outputs", run.outputs)}
${timeline(run)}`;
  return layout(
    run.name,
    [
      { label: run.repo, href: base },
      { label: run.template, href: pipelineHistoryPath(run.repo, run.template) },
      { label: run.name },
    ],
    content,
    session,
  );
}

function failure(run: RunRecord): Html {
  if (!run.failedStep) return html``;
  return html`<section aria-labelledby="failed" class="failed">
<h2 id="failed">Failed step: ${run.failedStep}</h2>
${run.failedMessage ? html`<p>${run.failedMessage}</p>` : ""}
${run.logExcerpt ? html`<pre tabindex="0" aria-label="The end of the failed step's log">${run.logExcerpt}</pre>` : html`<p class="empty">No log was kept.</p>`}
</section>`;
}

function keyValues(title: string, id: string, values: Record<string, string>): Html {
  const entries = Object.entries(values);
  return html`<section aria-labelledby="${id}">
<h2 id="${id}">${title}</h2>
${
  entries.length === 0
    ? html`<p class="empty">None.</p>`
    : html`<table class="values"><tbody>${entries.map(
        ([name, value]) =>
          html`<tr><th scope="row">${name}</th><td><code>${value}</code></td></tr>`,
      )}</tbody></table>`
}
</section>`;
}

function timeline(run: RunRecord): Html {
  const steps = run.timeline ?? [];
  if (steps.length === 0)
    return html`<section aria-labelledby="timeline"><h2 id="timeline">Where the time went</h2><p class="empty">This run's steps were not timed.</p></section>`;
  const { waiting, running, unsplit, unsplitSteps } = timelineTotals(steps, run.finishedAt);
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return html`<section aria-labelledby="timeline">
<h2 id="timeline">Where the time went</h2>
<p>Waiting (scheduling, image pull, pod start): <strong>${seconds(waiting)}</strong>; running: <strong>${seconds(running)}</strong>, summed over ${steps.length - unsplitSteps} steps${unsplitSteps > 0 ? `; ${seconds(unsplit)} of ${unsplitSteps} more not split (their pods were gone)` : ""}.</p>
<p class="legend"><span class="key waiting"></span> waiting <span class="key running"></span> running <span class="key unsplit"></span> not split (its pod was gone)</p>
${timelineSvg(steps)}
</section>`;
}
