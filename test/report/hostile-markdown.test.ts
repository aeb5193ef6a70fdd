// Every GitHub renderer, fed hostile text in every field a repository or a step controls, and the
// result rendered by a real CommonMark + GFM parser: the page has the elements the app writes
// and no others, the reader sees the text as it was, and no @mention or #reference is live.
import { describe, expect, it } from "vitest";
import type { ArgoObject } from "../../app/cluster/argo-kinds.ts";
import type { Change } from "../../app/definitions/plan-changes.ts";
import { renderExitNotification } from "../../app/report/render-exit-notification.ts";
import { renderMetrics } from "../../app/report/render-metrics.ts";
import { renderPlanReport } from "../../app/report/render-plan-report.ts";
import { renderProblems } from "../../app/report/render-problems.ts";
import { renderRunList } from "../../app/report/render-run-list.ts";
import { renderRunReport } from "../../app/report/render-run-report.ts";
import { renderRunStarted } from "../../app/report/render-run-started.ts";
import { renderSyncReport } from "../../app/report/render-sync-report.ts";
import { timelineAnnotation } from "../../app/runs/step-timeline.ts";
import type { PlanOutcome } from "../../app/sync/plan-repository.ts";
import { hostileRun, hostileStrings } from "./hostile-strings.ts";
import { elementCounts, proseText, renderMarkdown, visibleText } from "./rendered-markdown.ts";

const workflow = (text: string): ArgoObject => ({
  apiVersion: "argoproj.io/v1alpha1",
  kind: "Workflow",
  metadata: {
    name: "train-1",
    namespace: "ml",
    labels: {
      "coxswain.dev/template": text,
      "coxswain.dev/commit": text,
      "coxswain.dev/trigger": text,
    },
    annotations: { "coxswain.dev/actor": text },
  },
  spec: { arguments: { parameters: [{ name: text, value: text }] } },
});

const changes = (text: string): Change[] => [
  { kind: "WorkflowTemplate", name: text, file: text, action: "delete", live: workflow(text) },
  {
    kind: "CronWorkflow",
    name: text,
    file: text,
    action: "update",
    desired: workflow(text),
    live: workflow(text),
    fields: [{ path: text, before: text, after: text }],
  },
];

const planned = (text: string): PlanOutcome =>
  ({ ok: true, changes: changes(text), definitions: [], warnings: [] }) as unknown as PlanOutcome;

/** The run with where its time went kept, its step named `text`. */
const timed = (text: string): ArgoObject => {
  const run = workflow(text);
  const at = Date.parse("2026-11-23T10:00:00Z");
  const timeline = {
    steps: [
      {
        step: text,
        phase: "Failed",
        startedAt: at,
        runningAt: at + 20_000,
        finishedAt: at + 120_000,
      },
    ],
    leftOut: 0,
  };
  run.metadata.annotations = {
    ...run.metadata.annotations,
    "coxswain.dev/step-timeline": timelineAnnotation(timeline),
  };
  return run;
};

const renderers: Record<string, (text: string) => string> = {
  "the run report": (text) => renderRunReport(workflow(text), hostileRun(text)),
  "the run report with where the time went": (text) =>
    renderRunReport(timed(text), hostileRun(text)),
  "the exit notification": (text) =>
    renderExitNotification(hostileRun(text), { step: "train-1.a", text: `${text}\n${text}` }),
  "the started run": (text) => renderRunStarted(workflow(text), "ml"),
  "the run list": (text) =>
    renderRunList([
      {
        name: text,
        template: text,
        phase: text,
        progress: text,
        commit: text,
        trigger: text,
        actor: text,
        took: text,
        at: 0,
      },
    ]),
  "the problems": (text) =>
    renderProblems([{ file: text, line: 1, column: 2, message: text, severity: "error" }], "x")
      .summary,
  "the sync report": (text) => renderSyncReport(planned(text), "ml").summary,
  "the plan report": (text) => {
    const report = renderPlanReport(planned(text), "ml");
    return `${report.summary}\n\n${report.text ?? ""}`;
  },
  "the metrics": (text) =>
    renderMetrics(
      {
        baseline: { name: text, commit: text },
        rows: [
          {
            name: text,
            value: text,
            baseline: text,
            verdict: "same",
            rule: { better: "lower", threshold: 0, onRegression: "ignore" },
          },
        ],
      } as Parameters<typeof renderMetrics>[0],
      text,
    ),
};

/** Anchors whose text is not their address: GitHub's autolinks of a bare URL are allowed. */
function disguisedLinks(html: string): string[] {
  return [...html.matchAll(/<a href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g)]
    .filter(([, href, text]) => visibleText(text ?? "") !== visibleText(href ?? ""))
    .map(([whole]) => whole);
}

const withoutLinks = (counts: Record<string, number>) => ({ ...counts, a: undefined });
const spaced = (text: string) => text.replaceAll("\u200b", "").replace(/\s+/g, " ").trim();

describe.each(Object.entries(renderers))("%s, with hostile text", (_name, render) => {
  const plain = elementCounts(renderMarkdown(render("plain")));

  it.each(Object.entries(hostileStrings))("shows %s as text", (_what, text) => {
    const html = renderMarkdown(render(text));
    expect(withoutLinks(elementCounts(html))).toEqual(withoutLinks(plain));
    expect(disguisedLinks(html)).toEqual([]);
    expect(spaced(visibleText(html))).toContain(spaced(text));
    expect(proseText(html)).not.toMatch(/@[A-Za-z0-9]|#[0-9]/);
  });
});
