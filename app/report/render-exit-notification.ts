// The exit notification, posted once when a run ends: the result, the failed step with its
// message and the last lines of its log, the pipeline's own exit handler, the outputs.
import type { RunStatus } from "../runs/run-status.ts";
import { type StepLog, withMaskedMessage } from "../runs/step-log.ts";
import { duration } from "./durations.ts";
import { code, codeBlock, escapeMarkdown } from "./markdown.ts";
import { iconOf } from "./phase-icons.ts";
import { sentence } from "./sentence.ts";

/** One marker per ending: a run retried through the Argo server ends, and is notified, again. */
export function exitMarker(runName: string, retries = 0): string {
  return `<!-- coxswain:exit:${runName}${retries > 0 ? `:${retries}` : ""} -->`;
}

const verbs: Record<string, string> = {
  Succeeded: "succeeded",
  Failed: "failed",
  Error: "ended in an error",
};

export function renderExitNotification(given: RunStatus, failedLog?: StepLog): string {
  const run = withMaskedMessage(given, failedLog);
  const stopped = run.shutdown
    ? ` (${run.shutdown === "Terminate" ? "terminated" : "stopped"})`
    : "";
  const lines = [
    exitMarker(run.name, run.retries),
    `${iconOf(run.phase)} **${escapeMarkdown(run.template)}** run ${code(run.name)} ${verbs[run.phase] ?? run.phase}${stopped} after ${duration(run.startedAt, run.finishedAt) || "0s"}.`,
  ];
  // A retried attempt that failed does not fail a run that succeeded.
  const [failed] = run.phase === "Succeeded" ? [] : run.failedSteps;
  if (failed) {
    lines.push(
      "",
      `Failed step: ${code(failed.displayName)}${failed.message ? ` — ${escapeMarkdown(failed.message)}` : ""}`,
    );
    if (failedLog?.step === failed.name && failedLog.unavailable) {
      lines.push(
        "",
        `Its log could not be read: ${escapeMarkdown(sentence(failedLog.unavailable))}`,
      );
    } else if (failedLog?.step === failed.name && failedLog.text.trim()) {
      lines.push("", "Last lines of its log:", "", codeBlock(failedLog.text.trimEnd()));
    }
  } else if (run.message && run.phase !== "Succeeded") {
    lines.push("", `> ${escapeMarkdown(run.message)}`);
  }
  if (run.exitSteps.length > 0) {
    const exitPhase = run.exitSteps.some(
      (step) => step.phase === "Failed" || step.phase === "Error",
    )
      ? "Failed"
      : run.exitSteps.every((step) => step.phase === "Succeeded" || step.phase === "Skipped")
        ? "Succeeded"
        : "Running";
    lines.push(
      "",
      `Exit handler: ${iconOf(exitPhase)} ${exitPhase} (${run.exitSteps.map((step) => code(step.displayName)).join(", ")})`,
    );
  }
  if (run.outputs.length > 0) {
    lines.push(
      "",
      `Outputs: ${run.outputs
        .slice(0, 20)
        .map((output) => code(`${output.name}=${output.value.slice(0, 100)}`))
        .join(" ")}`,
    );
  }
  return lines.join("\n");
}
