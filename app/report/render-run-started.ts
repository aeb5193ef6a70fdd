// The PR comment for a run as it starts; the run's reporter keeps it up to date afterwards.
import type { ArgoObject } from "../cluster/argo-kinds.ts";
import { annotationKeys, labelKeys } from "../cluster/labels.ts";
import { code, escapeMarkdown, mention } from "./markdown.ts";
import { runMarker } from "./run-marker.ts";

export function renderRunStarted(run: ArgoObject, namespace: string): string {
  const labels = run.metadata.labels ?? {};
  const actor =
    run.metadata.annotations?.[annotationKeys.actor] ?? labels[labelKeys.actor] ?? "someone";
  const commit = (labels[labelKeys.commit] ?? "").slice(0, 7);
  const parameters = (
    (run.spec as { arguments?: { parameters?: Array<{ name: string; value?: string }> } }).arguments
      ?.parameters ?? []
  )
    .filter((parameter) => parameter.value !== undefined)
    .map((parameter) => `${parameter.name}=${parameter.value}`);
  const lines = [
    runMarker(run.metadata.name),
    `🚀 **${escapeMarkdown(labels[labelKeys.template] ?? "pipeline")}** run ${code(run.metadata.name)} queued by ${actor === "someone" ? actor : mention(actor)} at ${escapeMarkdown(commit)} in ${code(namespace)}.`,
  ];
  if (parameters.length > 0)
    lines.push("", `Parameters: ${parameters.map((parameter) => code(parameter)).join(" ")}`);
  return lines.join("\n");
}
