// Who wrote an object, from metadata.managedFields: each field manager's latest write of the
// object itself (status writes, made through the subresource, left out).
import type { ArgoObject } from "./argo-kinds.ts";

export interface Writer {
  manager: string;
  /** When it last wrote (RFC 3339, whole seconds); "" when the server did not say. */
  time: string;
}

/** The object's writers, newest first, one entry per manager. */
export function writersOf(object: ArgoObject): Writer[] {
  const entries = (object.metadata.managedFields ?? []) as Array<{
    manager?: string;
    time?: string;
    subresource?: string;
  }>;
  const latest = new Map<string, string>();
  for (const entry of entries) {
    if (!entry.manager || entry.subresource) continue;
    const time = entry.time ?? "";
    if (time >= (latest.get(entry.manager) ?? "")) latest.set(entry.manager, time);
  }
  return [...latest]
    .map(([manager, time]) => ({ manager, time }))
    .sort((a, b) => b.time.localeCompare(a.time));
}
