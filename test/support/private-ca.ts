// A private certificate authority, as a company runs for its GitHub Enterprise Server: a CA
// certificate (what clients are told to trust) and a server certificate for 127.0.0.1 that it
// signs, made with openssl. Nothing trusts the CA unless told to.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

export interface PrivateCa {
  /** The CA's certificate (PEM): the file a client is given to trust. */
  caFile: string;
  /** A certificate for 127.0.0.1 signed by the CA, and its key (PEM). */
  serverCertificateFile: string;
  serverKeyFile: string;
}

const openssl = (args: string[]) => promisify(execFile)("openssl", args);
const ecKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];

export async function createPrivateCa(dir: string): Promise<PrivateCa> {
  const caFile = join(dir, "ca.pem");
  const caKeyFile = join(dir, "ca-key.pem");
  await openssl([
    ...["req", "-x509", ...ecKey, "-days", "1", "-subj", "/CN=coxswain test private CA"],
    ...["-addext", "basicConstraints=critical,CA:TRUE"],
    ...["-addext", "keyUsage=critical,keyCertSign,cRLSign"],
    ...["-keyout", caKeyFile, "-out", caFile],
  ]);
  const serverKeyFile = join(dir, "server-key.pem");
  const requestFile = join(dir, "server.csr");
  await openssl([
    ...["req", "-new", ...ecKey, "-subj", "/CN=127.0.0.1"],
    ...["-keyout", serverKeyFile, "-out", requestFile],
  ]);
  const extensionsFile = join(dir, "server.ext");
  await writeFile(
    extensionsFile,
    "basicConstraints=CA:FALSE\nsubjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n",
  );
  const serverCertificateFile = join(dir, "server.pem");
  await openssl([
    ...["x509", "-req", "-in", requestFile, "-days", "1"],
    ...["-CA", caFile, "-CAkey", caKeyFile, "-set_serial", `0x${randomBytes(8).toString("hex")}`],
    ...["-extfile", extensionsFile, "-out", serverCertificateFile],
  ]);
  return { caFile, serverCertificateFile, serverKeyFile };
}
