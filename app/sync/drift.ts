// What a plan made at the commit already synced says about the cluster: every change it finds
// was made outside Git (kubectl edit, another controller, a deleted object). Names who changed
// what, from the objects' managed fields.
import { fieldManager } from "../cluster/argo-cluster.ts";
import type { ArgoObject } from "../cluster/argo-kinds.ts";
import { writersOf } from "../cluster/managed-fields.ts";
import type { DefinitionKind } from "../config/server-policy.ts";
import type { Change } from "../definitions/plan-changes.ts";

export interface Drift {
  kind: DefinitionKind;
  name: string;
  /** changed: it differs from Git; deleted: Git has it, the cluster does not; added: the other way. */
  change: "changed" | "deleted" | "added";
  /** The fields that differ from Git (for `changed`). */
  fields: string[];
  /** The field managers other than coxswain that wrote the object (who changed it, if known). */
  by: string[];
}

export function driftOf(changes: readonly Change[]): Drift[] {
  return changes.flatMap((change): Drift[] => {
    const base = { kind: change.kind, name: change.name };
    switch (change.action) {
      case "create":
        return [{ ...base, change: "deleted", fields: [], by: [] }];
      case "update":
        return [
          {
            ...base,
            change: "changed",
            fields: change.fields.map((field) => field.path),
            by: otherManagers(change.live),
          },
        ];
      case "delete":
        return [{ ...base, change: "added", fields: [], by: otherManagers(change.live) }];
      default:
        return [];
    }
  });
}

/** Managers of the object's spec and metadata besides coxswain, latest first. */
function otherManagers(object: ArgoObject): string[] {
  return writersOf(object)
    .map((writer) => writer.manager)
    .filter((manager) => manager !== fieldManager);
}
