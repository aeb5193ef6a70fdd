// The pod Argo creates for a Pod node (createWorkflowPod), reduced to what readers look at:
// name, workflow label, node annotations, `wait` + `main` containers, owner reference. No
// serviceAccountName: on a test API server the workflow's account need not exist.
import type { V1Pod } from "@kubernetes/client-node";
import type { WorkflowObject } from "./cluster-io.ts";
import type { NodeStatus, Template } from "./types.ts";

export const EXECUTOR_IMAGE = "quay.io/argoproj/argoexec:v4.1.2";

function mainContainer(template: Template) {
  const source = template.container ?? template.script ?? template.containerSet?.containers?.[0];
  const command = template.container?.command ?? template.script?.command;
  const args = template.container?.args;
  return {
    name: "main",
    image: source?.image ?? EXECUTOR_IMAGE,
    ...(command ? { command } : {}),
    ...(args ? { args } : {}),
  };
}

export function podManifest(
  workflow: WorkflowObject,
  node: NodeStatus,
  name: string,
  template: Template,
  onExit: boolean,
): V1Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      labels: {
        "workflows.argoproj.io/workflow": workflow.metadata.name,
        "workflows.argoproj.io/completed": "false",
        ...(onExit ? { "workflows.argoproj.io/on-exit": "true" } : {}),
      },
      annotations: {
        "workflows.argoproj.io/node-id": node.id,
        "workflows.argoproj.io/node-name": node.name,
        "kubectl.kubernetes.io/default-container": "main",
      },
      ownerReferences: [
        {
          apiVersion: workflow.apiVersion,
          kind: workflow.kind,
          name: workflow.metadata.name,
          uid: workflow.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      restartPolicy: "Never",
      // No token volume: the integration server runs no token controller, and the pods never run.
      automountServiceAccountToken: false,
      containers: [
        { name: "wait", image: EXECUTOR_IMAGE, command: ["argoexec"], args: ["wait"] },
        mainContainer(template),
      ],
    },
  };
}
