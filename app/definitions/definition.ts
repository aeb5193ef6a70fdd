// What a repository defines: validated Argo definitions, or the problems that stop a sync.
import type { ArgoObject } from "../cluster/argo-kinds.ts";
import type { DefinitionKind } from "../config/server-policy.ts";

export interface FileProblem {
  file: string;
  line: number;
  column: number;
  message: string;
  severity: "error" | "warning";
}

export interface Definition {
  kind: DefinitionKind;
  name: string;
  /** Repository path of the file that defines it. */
  file: string;
  line: number;
  /** The document as written in Git (validated). */
  document: ArgoObject;
}

export type DefinitionsResult =
  | { ok: true; definitions: Definition[]; warnings: FileProblem[] }
  | { ok: false; problems: FileProblem[] };
