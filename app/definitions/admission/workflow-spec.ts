// The workflow spec a definition's runs are made from: a WorkflowTemplate's `spec`, a
// CronWorkflow's `spec.workflowSpec`.
import { isRecord } from "../../argo/lint/yaml-value.ts";
import { type Place, placeAt } from "./place.ts";

export interface DefinitionDocument {
  kind: string;
  metadata?: Record<string, unknown>;
  spec?: Record<string, unknown>;
}

export interface WorkflowSpecAt {
  spec: Record<string, unknown>;
  place: Place;
}

export function workflowSpecOf(document: DefinitionDocument): WorkflowSpecAt | undefined {
  const spec = document.spec;
  if (!isRecord(spec)) return undefined;
  if (document.kind !== "CronWorkflow") return { spec, place: placeAt(["spec"]) };
  const workflowSpec = spec.workflowSpec;
  return isRecord(workflowSpec)
    ? { spec: workflowSpec, place: placeAt(["spec", "workflowSpec"]) }
    : undefined;
}
