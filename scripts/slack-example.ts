// The README's example of a run in Slack, rendered by the code that posts it:
// `node scripts/slack-example.ts` prints it, and a test checks the README shows it as printed.
import type { ArgoObject } from "../app/cluster/argo-kinds.ts";
import { renderFailureReply } from "../app/report/slack/render-failure-reply.ts";
import { renderRunMessage } from "../app/report/slack/render-run-message.ts";
import { runStatusOf } from "../app/runs/run-status.ts";

const name = "train-3f2a9c1e";
const node = (id: string, extra: Record<string, unknown>) => ({
  id: `${name}-${id}`,
  name: `${name}.${id}`,
  displayName: id,
  type: "Pod",
  templateName: "step",
  startedAt: "2026-11-23T10:00:00Z",
  finishedAt: "2026-11-23T10:04:00Z",
  ...extra,
});

export const exampleRun: ArgoObject = {
  apiVersion: "argoproj.io/v1alpha1",
  kind: "Workflow",
  metadata: {
    name,
    namespace: "ml-recommender",
    labels: {
      "coxswain.dev/commit": "9fceb02d0ae598e95dc970b74767f19372d61af8",
      "coxswain.dev/pr": "42",
      "coxswain.dev/trigger": "comment",
      "coxswain.dev/actor": "octocat",
    },
    annotations: {
      "coxswain.dev/repo-full-name": "acme/recommender",
      "coxswain.dev/actor": "octocat",
      "coxswain.dev/template": "train",
    },
  },
  status: {
    phase: "Failed",
    progress: "2/3",
    startedAt: "2026-11-23T10:00:00Z",
    finishedAt: "2026-11-23T10:07:30Z",
    message: "child 'train-3f2a9c1e-evaluate' failed",
    nodes: {
      [name]: { id: name, name, displayName: name, type: "DAG", phase: "Failed" },
      [`${name}-load`]: node("load", { phase: "Succeeded" }),
      [`${name}-fit`]: node("fit", {
        phase: "Succeeded",
        outputs: { parameters: [{ name: "loss", value: "0.231" }] },
      }),
      [`${name}-evaluate`]: node("evaluate", {
        phase: "Failed",
        message: "Error (exit code 1)",
      }),
    },
  },
};

export function slackExample(): string {
  const run = runStatusOf(exampleRun);
  const message = renderRunMessage(exampleRun, run, {
    githubUrl: "https://github.com",
    argoUiUrl: "https://argo.example.com",
  });
  const reply = renderFailureReply(run, ["S0MLONCALL"], {
    step: `${name}.evaluate`,
    text: 'loading scores from s3://ml-data/eval\nTraceback (most recent call last):\n  File "evaluate.py", line 12, in <module>\nValueError: accuracy below 0 (got -1)\n',
  });
  return [
    "The run's message (`chat.postMessage`, then `chat.update` in place):",
    "",
    "```json",
    JSON.stringify(message, null, 2),
    "```",
    "",
    "The reply in its thread when it fails:",
    "",
    "```json",
    JSON.stringify(reply, null, 2),
    "```",
  ].join("\n");
}

if (import.meta.main) console.log(slackExample());
