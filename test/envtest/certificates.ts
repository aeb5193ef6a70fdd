// The certificates and credentials a local kube-apiserver needs, made with openssl:
// a CA, a serving certificate for 127.0.0.1, a service-account key pair and a token file
// with an admin (system:masters) and a user without any permission.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

export interface Credentials {
  caCert: string;
  servingCert: string;
  servingKey: string;
  serviceAccountKey: string;
  serviceAccountPub: string;
  tokenFile: string;
  adminToken: string;
  restrictedToken: string;
}

export function makeCredentials(dir: string): Credentials {
  const path = (name: string) => join(dir, name);
  const openssl = (...args: string[]) =>
    execFileSync("openssl", args, { stdio: ["ignore", "ignore", "pipe"] });
  openssl(
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-days",
    "2",
    "-subj",
    "/CN=coxswain-envtest-ca",
    "-keyout",
    path("ca.key"),
    "-out",
    path("ca.crt"),
  );
  writeFileSync(
    path("serving.ext"),
    "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n",
  );
  openssl(
    "req",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-subj",
    "/CN=kube-apiserver",
    "-keyout",
    path("serving.key"),
    "-out",
    path("serving.csr"),
  );
  openssl(
    "x509",
    "-req",
    "-in",
    path("serving.csr"),
    "-CA",
    path("ca.crt"),
    "-CAkey",
    path("ca.key"),
    "-CAcreateserial",
    "-days",
    "2",
    "-extfile",
    path("serving.ext"),
    "-out",
    path("serving.crt"),
  );
  openssl("genrsa", "-out", path("sa.key"), "2048");
  openssl("rsa", "-in", path("sa.key"), "-pubout", "-out", path("sa.pub"));
  const adminToken = `admin-${randomToken()}`;
  const restrictedToken = `nobody-${randomToken()}`;
  writeFileSync(
    path("tokens.csv"),
    `${adminToken},admin,admin,"system:masters"\n${restrictedToken},nobody,nobody\n`,
  );
  return {
    caCert: path("ca.crt"),
    servingCert: path("serving.crt"),
    servingKey: path("serving.key"),
    serviceAccountKey: path("sa.key"),
    serviceAccountPub: path("sa.pub"),
    tokenFile: path("tokens.csv"),
    adminToken,
    restrictedToken,
  };
}

function randomToken(): string {
  return crypto.randomUUID().replaceAll("-", "");
}
