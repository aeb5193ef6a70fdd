// Durations for people: "45s", "4m 12s", "2h 3m".
export function duration(
  from: string | undefined,
  to: string | undefined,
  now = Date.now(),
): string {
  if (!from) return "";
  const start = Date.parse(from);
  const end = to ? Date.parse(to) : now;
  if (Number.isNaN(start) || Number.isNaN(end)) return "";
  return elapsed(end - start);
}

/** A span of milliseconds for people, as `duration` shows it. */
export function elapsed(milliseconds: number): string {
  const seconds = Math.max(0, Math.round(milliseconds / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${seconds % 60}s`;
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}
