// Colours of a run's nodes by phase, as Mermaid class definitions.
import type { Phase } from "./pipeline-graph-types.ts";

const failed = "fill:#f8d7da,stroke:#d73a49,color:#86181d";
const skipped = "fill:#fafbfc,stroke:#d1d5da,color:#6a737d,stroke-dasharray:3 3";

export const phaseStyles: Readonly<Record<Phase, string>> = {
  Succeeded: "fill:#dcffe4,stroke:#28a745,color:#144620",
  Failed: failed,
  Error: failed,
  Running: "fill:#dbedff,stroke:#0366d6,color:#032f62",
  Pending: "fill:#e1e4e8,stroke:#959da5,color:#24292e",
  Skipped: skipped,
  Omitted: skipped,
};

export function phaseClass(phase: Phase): string {
  return `phase${phase}`;
}
