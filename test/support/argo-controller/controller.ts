// argoController(kubeConfig).load(namespace, name): picks up a Workflow someone created and
// returns the run a test drives. Works through any KubeConfig (loopback or real API server).
import type { KubeConfig } from "@kubernetes/client-node";
import { ArgoRun } from "./argo-run.ts";
import { ClusterIO } from "./cluster-io.ts";
import { Engine } from "./engine.ts";
import { loadSpec } from "./load-spec.ts";
import type { PodNameFormat } from "./names.ts";
import { NodeTree } from "./node-tree.ts";
import { RunDriver } from "./run.ts";
import { Scope } from "./substitute.ts";
import { TemplateResolver } from "./templates.ts";
import { WorkflowState } from "./workflow-state.ts";

export interface ArgoControllerOptions {
  /** Pod names `<wf>-<template>-<hash>` (v2, Argo's default) or the node id (v1). */
  podNameFormat?: PodNameFormat;
  /** Where step logs go: the loopback API's `setPodLog`. A real server has no kubelet: leave it out. */
  setPodLog?: (namespace: string, pod: string, text: string, container?: string) => void;
  /** The clock for startedAt/finishedAt (default: the real one). */
  now?: () => Date;
  /** status.nodes[].hostNodeName of pods that ran (default "worker-1"). */
  hostNodeName?: string;
  /** Field manager of the writes (default "workflow-controller"). */
  fieldManager?: string;
}

export interface ArgoController {
  load(namespace: string, name: string): Promise<ArgoRun>;
}

// metav1.Time: RFC 3339 in UTC, whole seconds.
const rfc3339 = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, "Z");

export function argoController(
  kubeConfig: KubeConfig,
  options: ArgoControllerOptions = {},
): ArgoController {
  const io = new ClusterIO(kubeConfig, options.fieldManager ?? "workflow-controller");
  const clock = options.now ?? (() => new Date());
  const now = () => rfc3339(clock());
  return {
    async load(namespace, name) {
      const workflow = await io.workflow(namespace, name);
      const { exec, stored, refs } = await loadSpec(io, workflow);
      const nodes = new NodeTree(name, now, workflow.status?.nodes);
      const state = new WorkflowState(now, workflow.status);
      if (stored) state.storedSpec = stored;
      state.shutdown = workflow.spec.shutdown || undefined;
      const globals = new Scope();
      globals.set("workflow.name", name);
      globals.set("workflow.namespace", namespace);
      globals.set("workflow.uid", workflow.metadata.uid);
      globals.set("workflow.mainEntrypoint", exec.entrypoint ?? "");
      for (const param of exec.arguments?.parameters ?? []) {
        if (param.value !== undefined)
          globals.set(`workflow.parameters.${param.name}`, param.value);
      }
      const local = { scope: `local/${name}`, templates: exec.templates ?? [] };
      const engine = new Engine(nodes, state, exec, new TemplateResolver(local, refs), {
        ctx: local,
        scope: globals,
      });
      const driver = new RunDriver({
        io,
        workflow,
        engine,
        podNameFormat: options.podNameFormat ?? "v2",
        hostNodeName: options.hostNodeName ?? "worker-1",
        now,
        setPodLog: options.setPodLog,
      });
      return new ArgoRun(driver);
    },
  };
}
