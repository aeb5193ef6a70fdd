// One icon per phase, the same in every report.
export const phaseIcon: Record<string, string> = {
  Pending: "⏳",
  Running: "🔄",
  Succeeded: "✅",
  Failed: "❌",
  Error: "💥",
  Skipped: "⏭️",
  Omitted: "⏭️",
};

export function iconOf(phase: string): string {
  return phaseIcon[phase] ?? "•";
}
