// Which Kubernetes API calls coxswain's code makes, found in its source: every client-node API
// method called anywhere in app/, and the Watch it uses. A method missing from the table below
// fails the test, so a new call cannot go unnoticed by the RBAC.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { argoPlurals } from "../../app/cluster/argo-kinds.ts";

export interface ApiUse {
  group: string;
  resource: string;
  verb: string;
  /** Made across all namespaces (needs a ClusterRoleBinding). */
  clusterWide: boolean;
}

const argo = Object.values(argoPlurals);
const on = (group: string, resources: readonly string[], verb: string, clusterWide = false) =>
  resources.map((resource) => ({ group, resource, verb, clusterWide }));

/** client-node method → what the API server authorizes. */
export const apiMethods: Record<string, ApiUse[]> = {
  getNamespacedCustomObject: on("argoproj.io", argo, "get"),
  listNamespacedCustomObject: on("argoproj.io", argo, "list"),
  listClusterCustomObject: on("argoproj.io", argo, "list", true),
  createNamespacedCustomObject: on("argoproj.io", argo, "create"),
  patchNamespacedCustomObject: on("argoproj.io", argo, "patch"),
  deleteNamespacedCustomObject: on("argoproj.io", argo, "delete"),
  listNamespacedPod: on("", ["pods"], "list"),
  readNamespacedPodLog: on("", ["pods/log"], "get"),
  readNamespacedSecret: on("", ["secrets"], "get"),
  readNamespacedLease: on("coordination.k8s.io", ["leases"], "get"),
  createNamespacedLease: on("coordination.k8s.io", ["leases"], "create"),
  replaceNamespacedLease: on("coordination.k8s.io", ["leases"], "update"),
};

/** The run watcher watches Argo's kinds in every namespace. */
const watchUse = on("argoproj.io", argo, "watch", true);

const appDir = fileURLToPath(new URL("../../app/", import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(join(dir, entry.name))
      : entry.name.endsWith(".ts")
        ? [join(dir, entry.name)]
        : [],
  );
}

export function codeApiCalls(): { uses: ApiUse[]; unknown: string[] } {
  const called = new Set<string>();
  let watches = false;
  for (const file of sources(appDir)) {
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(
      /\.((?:list|read|get|create|replace|patch|delete|deleteCollection|connect)(?:Namespaced|Cluster)[A-Za-z]+)\(/g,
    ))
      called.add(match[1] as string);
    if (/new Watch\(/.test(text)) watches = true;
  }
  const unknown = [...called].filter((method) => !apiMethods[method]);
  const uses = [...called].flatMap((method) => apiMethods[method] ?? []);
  return { uses: watches ? [...uses, ...watchUse] : uses, unknown };
}
