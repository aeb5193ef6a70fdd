// Reads a resource template's manifest before the run: the objects it names (apiVersion,
// kind, metadata.namespace), or why it cannot be read. Argo fills `{{…}}` in before kubectl
// parses the manifest, so a value could add any field (a namespace, another kind); only
// variables whose values Argo fixes itself are read through.
import { arrayOf, isRecord } from "../../argo/lint/yaml-value.ts";
import { loadYaml } from "../../yaml/load-yaml.ts";

export interface ManifestObject {
  apiVersion: string;
  kind: string;
  /** metadata.namespace as written; `{{workflow.namespace}}` reads as the run's own. */
  namespace?: unknown;
  runNamespace: boolean;
  /** Where the object is inside the manifest, for messages (`document 2`, `items[0]`). */
  label: string;
}

export type ManifestRead = { ok: true; objects: ManifestObject[] } | { ok: false; why: string };

const fixedVariables = new Map([
  ["workflow.name", "coxswain-workflow-name"],
  ["workflow.uid", "coxswain-workflow-uid"],
  ["workflow.namespace", "coxswain-run-namespace"],
]);
const runNamespace = fixedVariables.get("workflow.namespace");
const tag = /\{\{\s*([^}]*?)\s*\}\}/g;

export function readManifest(text: string): ManifestRead {
  const unknown: string[] = [];
  const replaced = text.replace(tag, (found, name: string) => {
    const value = fixedVariables.get(name);
    if (value === undefined) unknown.push(found);
    return value ?? found;
  });
  if (unknown.length > 0 || replaced.includes("{{")) {
    const fixed = [...fixedVariables.keys()].map((name) => `{{${name}}}`).join(", ");
    return {
      ok: false,
      why: `it uses ${unknown.length ? unknown.join(", ") : "{{…}}"}, which Argo fills in before kubectl reads the manifest, so a value could change its kind or namespace; only ${fixed} are read through`,
    };
  }
  const loaded = loadYaml(replaced);
  if (!loaded.ok) {
    return {
      ok: false,
      why: `it is not valid YAML (line ${loaded.position.line} of the manifest: ${loaded.message})`,
    };
  }
  const documents = loaded.documents.filter((document) => document.value !== null);
  if (documents.length === 0) return { ok: false, why: "it is empty" };
  const objects: ManifestObject[] = [];
  for (const document of documents) {
    const label = documents.length > 1 ? `document ${document.index + 1}` : "the manifest";
    const read = objectsOf(document.value, label);
    if (!read.ok) return read;
    objects.push(...read.objects);
  }
  return { ok: true, objects };
}

// kubectl acts on each item of a List kind, so the items are what is checked.
function objectsOf(value: unknown, label: string): ManifestRead {
  if (!isRecord(value))
    return { ok: false, why: `${label} is not a Kubernetes object (a mapping)` };
  const { apiVersion, kind } = value;
  if (typeof apiVersion !== "string" || typeof kind !== "string") {
    return { ok: false, why: `${label} needs an apiVersion and a kind` };
  }
  if (kind.endsWith("List") && Array.isArray(value.items)) {
    const objects: ManifestObject[] = [];
    for (const [index, item] of arrayOf<unknown>(value.items).entries()) {
      const read = objectsOf(item, `${label} items[${index}]`);
      if (!read.ok) return read;
      objects.push(...read.objects);
    }
    return { ok: true, objects };
  }
  const metadata = isRecord(value.metadata) ? value.metadata : {};
  return {
    ok: true,
    objects: [
      {
        apiVersion,
        kind,
        namespace: metadata.namespace,
        runNamespace: metadata.namespace === runNamespace,
        label,
      },
    ],
  };
}
