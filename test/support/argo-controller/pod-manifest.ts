// The pod Argo creates for a Pod node (createWorkflowPod), reduced to what readers look at:
// name, workflow label, node annotations, owner reference; the `wait` container, `main` (the
// template's container as written, with its env, envFrom and mounts), the template's sidecars
// and init containers, the volumes they mount (the template's, else the workflow's), with
// `templateDefaults` applied to the template first and `podSpecPatch` (the workflow's, then the
// template's) last. No serviceAccountName: on a test API server the account need not exist.
import type { V1Container, V1Pod, V1PodSpec, V1Volume } from "@kubernetes/client-node";
import { load } from "js-yaml";
import type { WorkflowObject } from "./cluster-io.ts";
import { strategicMerge } from "./strategic-merge.ts";
import type { NodeStatus, Template, WorkflowSpec } from "./types.ts";

export const EXECUTOR_IMAGE = "quay.io/argoproj/argoexec:v4.1.2";

interface PodParts {
  container?: V1Container;
  script?: V1Container & { source?: string };
  containerSet?: { containers?: V1Container[] };
  sidecars?: V1Container[];
  initContainers?: V1Container[];
  volumes?: V1Volume[];
  podSpecPatch?: string;
}

function mainContainer(template: PodParts): V1Container {
  const { source: _source, ...script }: V1Container & { source?: string } = template.script ?? {
    name: "main",
  };
  const main: V1Container | undefined =
    template.container ?? (template.script ? script : template.containerSet?.containers?.[0]);
  return { ...main, name: "main", image: main?.image ?? EXECUTOR_IMAGE };
}

/** addVolumeReferences: every volume a container mounts, from the template or the workflow. */
function mountedVolumes(
  containers: V1Container[],
  template: PodParts,
  spec: WorkflowSpec,
): V1Volume[] {
  const known = [...(template.volumes ?? []), ...((spec.volumes as V1Volume[] | undefined) ?? [])];
  const names = new Set(containers.flatMap((c) => (c.volumeMounts ?? []).map((m) => m.name)));
  return [...names].map((name) => {
    const volume = known.find((candidate) => candidate.name === name);
    if (!volume) throw new Error(`argo-controller: volume '${name}' not found in workflow spec`);
    return volume;
  });
}

/** util.PodSpecPatchMerge then strategicpatch.StrategicMergePatch (YAML or JSON). */
function patched(podSpec: V1PodSpec, patches: Array<string | undefined>): V1PodSpec {
  let result: unknown = podSpec;
  for (const patch of patches) if (patch) result = strategicMerge(result, load(patch));
  return result as V1PodSpec;
}

export function podManifest(
  workflow: WorkflowObject,
  spec: WorkflowSpec,
  node: NodeStatus,
  name: string,
  given: Template,
  onExit: boolean,
): V1Pod {
  const template = (
    spec.templateDefaults ? strategicMerge(spec.templateDefaults, given) : given
  ) as PodParts;
  const containers = [
    { name: "wait", image: EXECUTOR_IMAGE, command: ["argoexec"], args: ["wait"] },
    mainContainer(template),
    ...(template.sidecars ?? []),
  ];
  const initContainers = template.initContainers ?? [];
  const volumes = mountedVolumes([...containers, ...initContainers], template, spec);
  const podSpec: V1PodSpec = {
    restartPolicy: "Never",
    // No token volume: the integration server runs no token controller, and the pods never run.
    automountServiceAccountToken: false,
    containers,
    initContainers: initContainers.length > 0 ? initContainers : undefined,
    volumes: volumes.length > 0 ? volumes : undefined,
  };
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
    spec: patched(podSpec, [spec.podSpecPatch as string | undefined, template.podSpecPatch]),
  };
}
