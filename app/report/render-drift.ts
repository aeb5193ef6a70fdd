// What coxswain says when it finds a synced object changed outside Git: which object, what
// changed, who changed it (the field managers the object names), and whether it was put back.
import type { Drift } from "../sync/drift.ts";
import { codeOf, lines, type Message, say } from "./message.ts";

export interface DriftNotice {
  repository: string;
  namespace: string;
  /** The commit whose definitions are the truth. */
  commit: string;
  action: "reverted" | "reported";
  drift: readonly Drift[];
}

/** Objects listed in full; the rest are counted. */
const listed = 10;

export function driftMessage(notice: DriftNotice): Message {
  const count = notice.drift.length;
  const objects = `${count} synced object${count === 1 ? "" : "s"}`;
  const head =
    notice.action === "reverted"
      ? say`♻️ Drift in ${codeOf(notice.namespace)}: ${objects} of ${notice.repository} changed outside Git, put back from ${codeOf(notice.commit.slice(0, 7))}.`
      : say`⚠️ Drift in ${codeOf(notice.namespace)}: ${objects} of ${notice.repository} changed outside Git and left as they are (the server policy says drift: report); Git has them at ${codeOf(notice.commit.slice(0, 7))}.`;
  const items = notice.drift.slice(0, listed).map(driftLine);
  const more = count > listed ? [say`…and ${count - listed} more.`] : [];
  return lines([head, ...items, ...more]);
}

function driftLine(drift: Drift): Message {
  const object = say`${drift.kind} ${codeOf(drift.name)}`;
  const by = drift.by.length > 0 ? say` by ${drift.by.join(", ")}` : [];
  switch (drift.change) {
    case "deleted":
      return say`• ${object} was deleted`;
    case "added":
      return say`• ${object} is labelled as this repository's but Git does not define it${by}`;
    default: {
      const shown = drift.fields.slice(0, 3).join(", ");
      const rest = drift.fields.length > 3 ? ` (+${drift.fields.length - 3})` : "";
      return say`• ${object} was changed${by}: ${shown}${rest}`;
    }
  }
}
