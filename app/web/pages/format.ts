// How times, durations, phases and links look on the pages.
import { elapsed } from "../../report/durations.ts";
import { type Html, html } from "../html.ts";

export function timeOf(epochMs: number | undefined): Html {
  if (epochMs === undefined) return html`<span class="none">—</span>`;
  const iso = new Date(epochMs).toISOString();
  return html`<time datetime="${iso}">${iso.slice(0, 16).replace("T", " ")} UTC</time>`;
}

export function durationOf(from: number | undefined, to: number | undefined): string {
  return from === undefined || to === undefined ? "" : elapsed(to - from);
}

export function phaseOf(phase: string): Html {
  return html`<span class="phase phase-${phase.toLowerCase().replace(/[^a-z]/g, "")}">${phase}</span>`;
}
