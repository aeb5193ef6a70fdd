// Kubernetes' strategic merge patch, reduced to what Argo uses it for (templateDefaults into a
// template, podSpecPatch into a pod spec): objects merge key by key, `null` removes a key, lists
// of containers, volumes, env and mounts merge item by item on their merge key, other lists are
// replaced whole.

const mergeKeys: Readonly<Record<string, string>> = {
  containers: "name",
  initContainers: "name",
  ephemeralContainers: "name",
  sidecars: "name",
  volumes: "name",
  env: "name",
  imagePullSecrets: "name",
  volumeMounts: "mountPath",
  ports: "containerPort",
};

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  value !== null && typeof value === "object" && !Array.isArray(value);

export function strategicMerge(base: unknown, patch: unknown, field?: string): unknown {
  if (isObject(base) && isObject(patch)) {
    const merged: JsonObject = { ...base };
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete merged[key];
      else merged[key] = key in merged ? strategicMerge(merged[key], value, key) : value;
    }
    return merged;
  }
  const mergeKey = field ? mergeKeys[field] : undefined;
  if (Array.isArray(base) && Array.isArray(patch) && mergeKey) {
    const merged = [...base];
    for (const item of patch) {
      const at = isObject(item)
        ? merged.findIndex((known) => isObject(known) && known[mergeKey] === item[mergeKey])
        : -1;
      if (at >= 0) merged[at] = strategicMerge(merged[at], item);
      else merged.push(item);
    }
    return merged;
  }
  return patch;
}
