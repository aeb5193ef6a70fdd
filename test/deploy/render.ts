// Renders a kustomization with `kubectl kustomize` (kubectl v1.20, built with the envtest
// binaries by test/envtest/build.sh, or the one on PATH) and parses the documents.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadAll } from "js-yaml";

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [key: string]: unknown;
}

const buildScript = fileURLToPath(new URL("../envtest/build.sh", import.meta.url));
export const deployDir = fileURLToPath(new URL("../../deploy/", import.meta.url));

let kubectl: string | undefined;

function kubectlPath(): string {
  if (kubectl) return kubectl;
  const bin = execFileSync("bash", [buildScript], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();
  const built = join(bin, "kubectl");
  if (!existsSync(built)) throw new Error(`test/envtest/build.sh built no kubectl in ${bin}`);
  kubectl = built;
  return built;
}

export function render(kustomization: string): Manifest[] {
  const out = execFileSync(kubectlPath(), ["kustomize", join(deployDir, kustomization)], {
    encoding: "utf8",
  });
  return (loadAll(out) as Manifest[]).filter(Boolean);
}
