// What coxswain shows in a GitHub check run, independent of the GitHub API.
import type { FileProblem } from "../definitions/definition.ts";

export type Conclusion = "success" | "failure" | "neutral" | "skipped" | "cancelled";

export interface CheckRunReport {
  conclusion: Conclusion;
  title: string;
  summary: string;
  text?: string;
  annotations: FileProblem[];
}

/** GitHub refuses check-run summaries and texts over 65,535 characters. */
export const checkRunTextLimit = 65_535;

export function fitText(text: string, limit = checkRunTextLimit): string {
  if (text.length <= limit) return text;
  const note = "\n\n…(cut to fit GitHub's limit)";
  return text.slice(0, limit - note.length) + note;
}
