// Which triggers of an event a change fires: those without paths, and those with a path glob
// that one of the changed files matches.
import picomatch from "picomatch";
import type { Trigger } from "../config/run-config.ts";

export function firedTriggers(
  triggers: readonly Trigger[],
  event: "merge" | "pull_request",
  changedFiles: readonly string[] | "all",
): Trigger[] {
  return triggers.filter((trigger) => {
    if (trigger.on !== event) return false;
    if (!trigger.paths || trigger.paths.length === 0 || changedFiles === "all") return true;
    const matches = picomatch(trigger.paths, { dot: true });
    return changedFiles.some((file) => matches(file));
  });
}
