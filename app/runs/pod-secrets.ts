// The Secrets a step's pod can read, taken from the pod itself: it is what Argo really ran, with
// the template wherever it came from (the run, a WorkflowTemplate or ClusterWorkflowTemplate
// through templateRef), templateDefaults and podSpecPatch already applied.

/** Which keys of one Secret the pod sees: named ones, or all of them. */
export type SecretKeys = ReadonlySet<string> | "all";

interface KeyToPath {
  key?: string;
}

interface ContainerSecrets {
  env?: Array<{ valueFrom?: { secretKeyRef?: { name?: string; key?: string } } }>;
  envFrom?: Array<{ secretRef?: { name?: string } }>;
}

interface VolumeSecrets {
  secret?: { secretName?: string; items?: KeyToPath[] };
  projected?: { sources?: Array<{ secret?: { name?: string; items?: KeyToPath[] } }> };
}

/** The parts of a pod spec that refer to Secrets (client-node's V1PodSpec fits it). */
export interface PodSpecSecrets {
  containers?: ContainerSecrets[];
  initContainers?: ContainerSecrets[];
  ephemeralContainers?: ContainerSecrets[];
  volumes?: VolumeSecrets[];
}

export function secretsOfPod(spec: PodSpecSecrets | undefined): Map<string, SecretKeys> {
  const wanted = new Map<string, SecretKeys>();
  const add = (name: string | undefined, keys: string[] | "all") => {
    if (!name) return;
    const known = wanted.get(name);
    if (known === "all") return;
    wanted.set(name, keys === "all" ? "all" : new Set([...(known ?? []), ...keys]));
  };
  const containers = [
    ...(spec?.containers ?? []),
    ...(spec?.initContainers ?? []),
    ...(spec?.ephemeralContainers ?? []),
  ];
  for (const container of containers) {
    for (const env of container.env ?? []) {
      const ref = env.valueFrom?.secretKeyRef;
      if (ref?.key) add(ref.name, [ref.key]);
    }
    for (const source of container.envFrom ?? []) add(source.secretRef?.name, "all");
  }
  for (const volume of spec?.volumes ?? []) {
    add(volume.secret?.secretName, keysOf(volume.secret?.items));
    for (const source of volume.projected?.sources ?? [])
      add(source.secret?.name, keysOf(source.secret?.items));
  }
  return wanted;
}

/** A volume without `items` mounts every key of its Secret. */
function keysOf(items: KeyToPath[] | undefined): string[] | "all" {
  if (!items || items.length === 0) return "all";
  return items.flatMap((item) => (item.key ? [item.key] : []));
}
