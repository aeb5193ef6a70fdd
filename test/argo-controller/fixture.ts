// A loopback API with a namespace, a Workflow created from inline YAML (as coxswain would create
// it), and the fake controller wired to the API's pod logs.
import { CoreV1Api } from "@kubernetes/client-node";
import { load } from "js-yaml";
import type { ArgoObject } from "../../app/cluster/argo-kinds.ts";
import {
  type ArgoController,
  type ArgoControllerOptions,
  type ArgoRun,
  argoController,
} from "../support/argo-controller/index.ts";
import { loopbackTarget } from "../support/cluster-target.ts";

export type Target = Awaited<ReturnType<typeof loopbackTarget>>;

export interface Fixture {
  target: Target;
  core: CoreV1Api;
  controller(options?: ArgoControllerOptions): ArgoController;
  /** Creates a Workflow (or WorkflowTemplate) from YAML in a fresh namespace, returns the namespace. */
  create(yaml: string, namespace?: string): Promise<string>;
  /** Creates the Workflow and loads it into a controller. */
  run(yaml: string, options?: ArgoControllerOptions): Promise<ArgoRun>;
  workflow(namespace: string, name: string): Promise<ArgoObject>;
  close(): Promise<void>;
}

export async function startFixture(): Promise<Fixture> {
  const target = await loopbackTarget();
  const core = target.kubeConfig().makeApiClient(CoreV1Api);
  const controller = (options: ArgoControllerOptions = {}) =>
    argoController(target.kubeConfig(), {
      setPodLog: (ns, pod, text, container) => target.api.setPodLog(ns, pod, text, container),
      ...options,
    });
  const create = async (yaml: string, namespace?: string) => {
    const ns = namespace ?? (await target.namespace("argoc"));
    for (const document of yaml.split(/^---$/m)) {
      const object = load(document) as ArgoObject;
      const plural = object.kind === "Workflow" ? "workflows" : "workflowtemplates";
      await target.createForeign(plural, ns, object);
    }
    return ns;
  };
  return {
    target,
    core,
    controller,
    create,
    async run(yaml, options) {
      const namespace = await create(yaml);
      const name = (load(yaml.split(/^---$/m).at(-1) ?? "") as ArgoObject).metadata.name;
      return controller(options).load(namespace, name);
    },
    async workflow(namespace, name) {
      const object = await target.get("workflows", namespace, name);
      if (!object) throw new Error(`no workflow ${name}`);
      return object;
    },
    close: () => target.close(),
  };
}

/** The nodes of a status as `displayName: type phase`, in creation order. */
export function nodeSummary(run: ArgoRun): Record<string, string> {
  const nodes = Object.values(run.status().nodes ?? {});
  return Object.fromEntries(nodes.map((n) => [n.name, `${n.type} ${n.phase}`]));
}

/** A Workflow of two steps in sequence, load then train, each one container. */
export function twoStepWorkflow(name: string, image = "alpine"): string {
  return `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: { name: ${name} }
spec:
  entrypoint: main
  templates:
    - name: main
      steps:
        - - { name: load, template: step }
        - - { name: train, template: step }
    - name: step
      container: { image: ${image} }
`;
}
