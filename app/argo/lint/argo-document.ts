// The parts of Argo's resources that the lint and the pipeline picture read. Every field is
// optional: documents come from users' YAML, so readers check shapes at run time as well.

export interface ArgoDocument {
  apiVersion: string;
  kind: string;
  metadata: { name?: string; generateName?: string; namespace?: string; [field: string]: unknown };
  spec?: unknown;
}

export interface WorkflowSpec {
  entrypoint?: string;
  templates?: Template[];
  arguments?: Arguments;
  onExit?: string;
  hooks?: Record<string, LifecycleHook>;
  workflowTemplateRef?: { name?: string; clusterScope?: boolean };
}

export interface CronWorkflowSpec {
  schedules?: string[];
  timezone?: string;
  concurrencyPolicy?: string;
  startingDeadlineSeconds?: number;
  workflowSpec?: WorkflowSpec;
}

export interface Template {
  name?: string;
  inputs?: { parameters?: Parameter[] };
  steps?: WorkflowStep[][];
  dag?: { target?: string; tasks?: DagTask[] };
  container?: unknown;
  script?: unknown;
  resource?: unknown;
  suspend?: unknown;
  http?: unknown;
  plugin?: unknown;
  containerSet?: unknown;
  data?: unknown;
}

/** What steps and DAG tasks have in common: how they call a template. */
export interface TemplateInvocation {
  name?: string;
  template?: string;
  templateRef?: TemplateRef;
  inline?: Template;
  arguments?: Arguments;
  onExit?: string;
  hooks?: Record<string, LifecycleHook>;
  when?: string;
  withItems?: unknown[];
  withParam?: string;
  withSequence?: unknown;
}

export type WorkflowStep = TemplateInvocation;

export interface DagTask extends TemplateInvocation {
  dependencies?: string[];
  depends?: string;
}

export interface TemplateRef {
  name?: string;
  template?: string;
  clusterScope?: boolean;
}

export interface LifecycleHook {
  template?: string;
  templateRef?: TemplateRef;
  expression?: string;
  arguments?: Arguments;
}

export interface Arguments {
  parameters?: Parameter[];
}

export interface Parameter {
  name?: string;
  value?: string;
}
