// What a use case answers, for each channel to render in its own way.
import type { Message } from "../report/message.ts";
import type { RunRow } from "../report/run-rows.ts";

export type Outcome =
  /** Done; `changed` when a run was started, stopped or retried (the channel sees it too). */
  | { kind: "done"; message: Message; changed: boolean }
  /** Not done, and why (nothing changed). */
  | { kind: "refused"; problem: Message }
  /** The runs of `of` (a pull request, a repository), newest first. */
  | { kind: "runs"; of: Message; rows: RunRow[] }
  /** The last lines of a step's log. */
  | { kind: "log"; run: string; step: string; text: string }
  /** The commands this channel offers. */
  | { kind: "help" };

export function done(message: Message, changed = true): Outcome {
  return { kind: "done", message, changed };
}

export function refused(problem: Message): Outcome {
  return { kind: "refused", problem };
}
