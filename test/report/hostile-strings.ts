import type { RunStatus, StepStatus } from "../../app/runs/run-status.ts";

// Text a repository, a step or a config can put in front of coxswain's renderers, each trying
// to become something other than text: HTML, a mention, a link, a table cell, a heading.
export const hostileStrings: Readonly<Record<string, string>> = {
  "two backticks": "a``b<img src=x onerror=alert(1)>``c",
  "three backticks and newlines": "```\n<img src=x onerror=alert(1)>\n```",
  "an img tag": "<img src=x onerror=alert(1)>",
  "a details tag": "<details open><summary>open me</summary>",
  "a team mention": "@org/team",
  "a user mention": "cc @user",
  "Slack mentions": "<!channel> <!here> <@U123>",
  "a Slack link": "<https://evil.example|click>",
  "a Slack mention breakout": "S1|x><!channel>",
  "pipes and newlines": "a | b\n| c | d |\n\n# heading\n- item",
  "issue references": "fixes #123 and acme/other#4",
  "a lone backtick": "`",
  "backticks and spaces at the edges": " `x` ",
  "a backslash before a pipe": "x\\|y",
  Markdown: "**bold** _it_ [link](https://evil.example) ![i](https://evil.example/x.png)",
  "character references": "&lt;img src=x onerror=alert(1)&gt;",
  "a forged marker": "<!-- coxswain:exit:train-1 -->",
};

/** A failed step whose name and message are `text`. */
export const hostileStep = (text: string): StepStatus => ({
  id: "train-1-a",
  name: "train-1.a",
  displayName: text,
  type: "Pod",
  phase: "Failed",
  message: text,
  outputs: [],
});

/** A failed run whose template, message, step and output are `text`. */
export const hostileRun = (text: string): RunStatus => ({
  name: "train-1",
  namespace: "ml",
  template: text,
  phase: "Failed",
  finished: true,
  startedAt: "2026-11-23T10:00:00Z",
  finishedAt: "2026-11-23T10:02:00Z",
  message: text,
  steps: [hostileStep(text)],
  failedSteps: [hostileStep(text)],
  exitSteps: [],
  outputs: [{ name: text, value: text }],
  retries: 0,
  nodePhases: [],
});
