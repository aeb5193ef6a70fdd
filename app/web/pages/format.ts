// How times, durations, phases and links look on the pages.
import { duration } from "../../report/durations.ts";
import { type Html, html } from "../html.ts";

export function timeOf(epochMs: number | undefined): Html {
  if (epochMs === undefined) return html`<span class="none">—</span>`;
  const iso = new Date(epochMs).toISOString();
  return html`<time datetime="${iso}">${iso.slice(0, 16).replace("T", " ")} UTC</time>`;
}

export function durationOf(from: number | undefined, to: number | undefined): string {
  if (from === undefined || to === undefined) return "";
  return duration(new Date(from).toISOString(), new Date(to).toISOString());
}

export function phaseOf(phase: string): Html {
  return html`<span class="phase phase-${phase.toLowerCase().replace(/[^a-z]/g, "")}">${phase}</span>`;
}

export function repoPath(fullName: string): string {
  const [owner = "", repo = ""] = fullName.split("/");
  return `/runs/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;
}
