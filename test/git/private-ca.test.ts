// A GitHub Enterprise Server whose certificate a private CA signed: one setting,
// NODE_EXTRA_CA_CERTS, makes git and the GitHub API client trust it. Node reads that variable
// only when a process starts, so each case runs app/main.ts's wiring in a child process
// (private-ca-client.ts) with an environment of its own.
import { execFile } from "node:child_process";
import { generateKeyPairSync, X509Certificate } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { getCACertificates } from "node:tls";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOriginRepo, type OriginRepo } from "../support/git-repo.ts";
import { createPrivateCa, type PrivateCa } from "../support/private-ca.ts";
import { type GitHttpsServer, startGitHttpsServer } from "./git-https-server.ts";
import type { ClientOutcome, ClientTask } from "./private-ca-client.ts";

const client = fileURLToPath(new URL("./private-ca-client.ts", import.meta.url));
const token = "ghs_test_installation_token_0123456789";
const basic = Buffer.from(`x-access-token:${token}`).toString("base64");

let work: string;
let ca: PrivateCa;
let origin: OriginRepo;
let sha: string;
let git: GitHttpsServer;
let api: Server;
/** `METHOD path authorization-scheme` of each request the GitHub API server answered. */
const apiRequests: string[] = [];
let runs = 0;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "coxswain-private-ca-"));
  ca = await createPrivateCa(work);
  const certificate = { certificateFile: ca.serverCertificateFile, keyFile: ca.serverKeyFile };
  origin = await createOriginRepo();
  sha = await origin.commit({ "workflows/train.yaml": "kind: WorkflowTemplate\n" });
  const root = dirname(fileURLToPath(origin.url));
  git = await startGitHttpsServer(root, `Basic ${basic}`, work, certificate);
  // GitHub Enterprise Server's REST API (under /api/v3), with the same certificate.
  api = createServer(
    { key: await readFile(ca.serverKeyFile), cert: await readFile(ca.serverCertificateFile) },
    (request, response) => {
      const scheme = request.headers.authorization?.split(" ")[0] ?? "";
      apiRequests.push(`${request.method} ${request.url} ${scheme}`);
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ id: 1, slug: "coxswain", name: "coxswain" }));
    },
  );
  await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
});

afterAll(async () => {
  api.closeAllConnections();
  await new Promise((resolve) => api.close(resolve));
  await git.close();
  await origin.cleanup();
  await rm(work, { recursive: true, force: true });
});

/** Runs the client with only these settings (and a fresh cache), as a fresh process would. */
async function runClient(
  settings: Record<string, string>,
  dotEnv?: string,
): Promise<ClientOutcome> {
  git.authorizations.length = 0;
  apiRequests.length = 0;
  const { port } = api.address() as AddressInfo;
  const env = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: work,
    APP_ID: "1",
    PRIVATE_KEY: privateKey(),
    WEBHOOK_SECRET: "secret",
    COXSWAIN_POLICY_FILE: join(work, "policy.yaml"), // named, never read by the client
    COXSWAIN_GIT_CACHE_DIR: join(work, `cache-${++runs}`),
    GHE_HOST: `127.0.0.1:${port}`,
    LOG_LEVEL: "fatal" as const,
    ...settings,
  };
  const task: ClientTask = {
    remote: { fullName: "acme/pipelines", cloneUrl: git.url("origin.git"), token },
    sha,
    path: "workflows/train.yaml",
    ...(dotEnv ? { dotEnv } : {}),
  };
  const { stdout } = await promisify(execFile)(process.execPath, [client, JSON.stringify(task)], {
    env,
  });
  return JSON.parse(stdout) as ClientOutcome;
}

let key: string | undefined;
function privateKey(): string {
  key ??= generateKeyPairSync("rsa", { modulusLength: 2048 })
    .privateKey.export({ type: "pkcs1", format: "pem" })
    .toString();
  return key;
}

function fingerprints(pem: string): Set<string> {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? [];
  return new Set(blocks.map((block) => new X509Certificate(block).fingerprint256));
}

describe("NODE_EXTRA_CA_CERTS naming a private CA", () => {
  it("lets git fetch a commit from the server and the GitHub API client call it", async () => {
    const outcome = await runClient({ NODE_EXTRA_CA_CERTS: ca.caFile });

    expect(outcome.startup).toBeUndefined();
    expect(outcome.git).toEqual({ text: "kind: WorkflowTemplate\n" });
    expect(git.authorizations).toContain(`Basic ${basic}`);
    expect(outcome.api).toEqual({ slug: "coxswain" });
    expect(apiRequests).toEqual(["GET /api/v3/app bearer"]);
  });

  it("gives git a bundle that keeps Node's public roots beside the private CA", async () => {
    const outcome = await runClient({ NODE_EXTRA_CA_CERTS: ca.caFile });

    const bundle = fingerprints(await readFile(outcome.caFile ?? "", "utf8"));
    const publicRoots = getCACertificates("bundled").flatMap((pem) => [...fingerprints(pem)]);
    expect(publicRoots.length).toBeGreaterThan(100);
    expect(publicRoots.filter((root) => !bundle.has(root))).toEqual([]);
    const [privateCa] = fingerprints(await readFile(ca.caFile, "utf8"));
    expect(bundle.has(privateCa ?? "")).toBe(true);
  });
});

describe("without NODE_EXTRA_CA_CERTS", () => {
  it("git and the API client refuse the server's certificate; GIT_SSL_CAINFO does not reach git", async () => {
    const outcome = await runClient({ GIT_SSL_CAINFO: ca.caFile });

    expect(outcome.startup).toBeUndefined();
    expect(outcome.caFile).toBeUndefined();
    expect(outcome.git?.error).toMatch(
      /^git could not reach acme\/pipelines: .*server certificate verification failed.* \(if the server's certificate is signed by a private CA, set NODE_EXTRA_CA_CERTS to the CA's PEM file\)$/s,
    );
    expect(git.authorizations).toEqual([]); // refused before any request was sent
    expect(outcome.api?.codes).toContain("UNABLE_TO_VERIFY_LEAF_SIGNATURE");
    expect(apiRequests).toEqual([]);
  });
});

describe("a NODE_EXTRA_CA_CERTS that Node did not load", () => {
  it("stops coxswain at start when the file cannot be read", async () => {
    const missing = join(work, "no-such-ca.pem");
    const outcome = await runClient({ NODE_EXTRA_CA_CERTS: missing });

    expect(outcome).toEqual({
      startup: `NODE_EXTRA_CA_CERTS: cannot read ${missing} (ENOENT: no such file or directory, open '${missing}')`,
    });
  });

  it("stops coxswain at start when the file holds no certificate", async () => {
    const notPem = join(work, "not-a-certificate.pem");
    await writeFile(notPem, "a key, not a certificate\n");
    const outcome = await runClient({ NODE_EXTRA_CA_CERTS: notPem });

    expect(outcome.startup).toBe(
      `NODE_EXTRA_CA_CERTS: ${notPem} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`,
    );
  });

  it("stops coxswain at start when the setting comes from .env, read after Node started", async () => {
    const dotEnv = join(work, "dot-env");
    await writeFile(dotEnv, `NODE_EXTRA_CA_CERTS=${ca.caFile}\n`);
    const outcome = await runClient({}, dotEnv);

    expect(outcome.startup).toMatch(
      new RegExp(
        `^NODE_EXTRA_CA_CERTS: Node did not load ${ca.caFile}\\. Node reads this variable only when the process starts`,
      ),
    );
  });
});
