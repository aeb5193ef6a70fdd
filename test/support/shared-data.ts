// Where the Argo reference data (schema, examples, CRDs) lives: ../shared/argo beside the repo.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const argoDataDir = fileURLToPath(new URL("../../../shared/argo/", import.meta.url));
export const argoSchemaPath = join(argoDataDir, "schema.json");
export const argoExamplesDir = join(argoDataDir, "examples");
export const argoCrdsDir = join(argoDataDir, "crds");

export function filesUnder(dir: string, suffix = ".yaml"): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return filesUnder(path, suffix);
      return name.endsWith(suffix) ? [path] : [];
    });
}
