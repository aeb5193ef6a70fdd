// Turns zod issues into messages that name the config key and point at its line.
import type { z } from "zod";
import type { Position, YamlDocument } from "../yaml/load-yaml.ts";

export interface ConfigIssue {
  /** The dotted key, e.g. `limits.maxFiles` or `repositories[0].match`. */
  key: string;
  message: string;
  position: Position;
}

export function describeIssues(
  issues: readonly z.core.$ZodIssue[],
  document: YamlDocument | undefined,
): ConfigIssue[] {
  return issues.flatMap((issue) => {
    const path = issue.path.filter((step) => typeof step !== "symbol") as Array<string | number>;
    const position = document?.locate(path) ?? { line: 1, column: 1 };
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({
        key: keyOf([...path, key]),
        message: "unknown key",
        position: document?.locate([...path, key]) ?? position,
      }));
    }
    const missing = issue.code === "invalid_type" && !hasPath(document?.value, path);
    return [
      {
        key: keyOf(path) || "(top level)",
        message: missing ? "is required" : issue.message,
        position,
      },
    ];
  });
}

function hasPath(value: unknown, path: ReadonlyArray<string | number>): boolean {
  let node = value;
  for (const step of path) {
    if (node === null || typeof node !== "object" || !(step in node)) return false;
    node = (node as Record<string | number, unknown>)[step];
  }
  return true;
}

function keyOf(path: ReadonlyArray<string | number>): string {
  return path
    .map((step, i) => (typeof step === "number" ? `[${step}]` : i === 0 ? step : `.${step}`))
    .join("");
}
