// Renders a kustomization with `kubectl kustomize` (kubectl v1.20, built with the envtest
// binaries by test/envtest/build.sh) and parses the documents; `kubectl` runs that kubectl.
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

let builtKubectl: string | undefined;

function kubectlPath(): string {
  if (builtKubectl) return builtKubectl;
  const bin = execFileSync("bash", [buildScript], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();
  const built = join(bin, "kubectl");
  if (!existsSync(built)) throw new Error(`test/envtest/build.sh built no kubectl in ${bin}`);
  builtKubectl = built;
  return built;
}

export function render(kustomization: string): Manifest[] {
  return (loadAll(kubectl(["kustomize", join(deployDir, kustomization)])) as Manifest[]).filter(
    Boolean,
  );
}

/** Runs that kubectl with `args` (and `input` on stdin) and returns what it prints. */
export function kubectl(args: string[], input?: string): string {
  return execFileSync(kubectlPath(), args, { encoding: "utf8", input });
}
