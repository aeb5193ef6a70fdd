// The plan for a terminal (`coxswain plan`): one line per change, field changes below updates.
import type { Change } from "../definitions/plan-changes.ts";
import { countsTitle } from "./render-changes.ts";
import { fieldChangeLine } from "./render-field-change.ts";

const marks = { create: "+", update: "~", unchanged: " ", delete: "-" } as const;

export function renderPlanText(changes: readonly Change[], namespace: string): string {
  const lines = [`Plan for namespace ${namespace}: ${countsTitle(changes, "future")}`];
  for (const change of changes) {
    if (change.action === "unchanged") continue;
    lines.push(
      `${marks[change.action]} ${change.kind} ${change.name}${change.file ? ` (${change.file})` : ""}`,
    );
    if (change.action === "update") {
      const fields = change.fields.length
        ? change.fields.map(fieldChangeLine)
        : ["labels or annotations"];
      lines.push(...fields.map((line) => `    ${line}`));
    }
  }
  return `${lines.join("\n")}\n`;
}
