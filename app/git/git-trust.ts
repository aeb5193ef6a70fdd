// The certificate authorities git trusts for https remotes, made from Node's own: one setting,
// NODE_EXTRA_CA_CERTS, makes a GitHub Enterprise Server's private CA trusted by the API client
// (Node's fetch) and by git alike. git cannot be told through its environment: simple-git drops
// every inherited GIT_* variable, GIT_SSL_CAINFO included.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { getCACertificates } from "node:tls";

export interface GitTrust {
  /**
   * A PEM bundle that git trusts instead of its own (`http.sslCAInfo`, which replaces git's
   * bundle, so the file holds the public roots as well). Absent: git's own bundle.
   */
  caFile?: string;
}

export type GitTrustResult = { ok: true; trust: GitTrust } | { ok: false; error: string };

const setting = "NODE_EXTRA_CA_CERTS";
const bundleName = "trusted-ca-certificates.pem"; // never a mirror's name (`owner__name.git`)

/**
 * Checks that Node trusts the CAs in `extraCaFile` (the value of NODE_EXTRA_CA_CERTS) and writes
 * the bundle git is to trust into `dir`. Node reads that variable only when the process starts
 * and only warns when it cannot load the file, so a setting it ignored is refused here.
 */
export async function gitTrustFor(
  extraCaFile: string | undefined,
  dir: string,
): Promise<GitTrustResult> {
  if (extraCaFile === undefined) return { ok: true, trust: {} };
  let pem: string;
  try {
    pem = await readFile(extraCaFile, "utf8");
  } catch (error) {
    return { ok: false, error: `${setting}: cannot read ${extraCaFile} (${message(error)})` };
  }
  if (!pem.includes("-----BEGIN CERTIFICATE-----")) {
    return {
      ok: false,
      error: `${setting}: ${extraCaFile} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`,
    };
  }
  if (getCACertificates("extra").length === 0) {
    return {
      ok: false,
      error:
        `${setting}: Node did not load ${extraCaFile}. Node reads this variable only when the ` +
        "process starts: set it in the process's environment (not in .env), and see Node's " +
        "warning above if the file could not be parsed",
    };
  }
  // Node's CAs (its bundled roots and the extra ones) and the system's, which git trusted
  // without this setting: the setting only ever adds to what git trusts.
  const certificates = new Set([...getCACertificates("default"), ...getCACertificates("system")]);
  const caFile = join(dir, bundleName);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(caFile, `${[...certificates].map((c) => c.trim()).join("\n")}\n`);
  } catch (error) {
    return {
      ok: false,
      error: `${setting}: cannot write git's CA bundle ${caFile} (${message(error)})`,
    };
  }
  return { ok: true, trust: { caFile } };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
