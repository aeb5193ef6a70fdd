// Argo's own example documents (all valid), parsed with the project's YAML loader.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { ArgoDocument } from "../../app/argo/lint/argo-document.ts";
import { loadYaml } from "../../app/yaml/load-yaml.ts";

export const examplesDirectory = "/work/shared/argo/examples";

export interface ExampleDocument {
  /** `file.yaml#2` for the third document of a file. */
  name: string;
  document: ArgoDocument;
}

export function argoExampleDocuments(): ExampleDocument[] {
  return yamlFilesUnder(examplesDirectory).flatMap((file) => {
    const result = loadYaml(readFileSync(file, "utf8"));
    if (!result.ok) throw new Error(`${file}: ${result.message}`);
    return result.documents.flatMap(({ value, index }) => {
      const document = value as ArgoDocument | null;
      if (!document?.apiVersion?.startsWith("argoproj.io")) return [];
      return [{ name: `${relative(examplesDirectory, file)}#${index}`, document }];
    });
  });
}

function yamlFilesUnder(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) return yamlFilesUnder(path);
      return /\.ya?ml$/.test(entry.name) ? [path] : [];
    })
    .sort();
}
