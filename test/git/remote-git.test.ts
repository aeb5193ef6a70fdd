import { execFileSync } from "node:child_process";
import { access, chmod, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GitMirrors } from "../../app/git/repo-mirror.ts";
import { createOriginRepo, type OriginRepo } from "../support/git-repo.ts";
import { type GitHttpsServer, startGitHttpsServer } from "./git-https-server.ts";

const token = "ghs_test_installation_token_0123456789";
const basic = Buffer.from(`x-access-token:${token}`).toString("base64");
const limits = { maxFileBytes: 256 * 1024, maxRepositoryBytes: 100 << 20 };

let work: string;
let origin: OriginRepo;
let server: GitHttpsServer;
let argvLog: string;
let traceLog: string;
let mirrors: GitMirrors;
const inheritedPath = process.env.PATH;

// Every git the app starts goes through a `git` first on PATH that writes down its command line,
// and asks git to trace the command lines of the git processes it starts in turn.
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "coxswain-remote-"));
  origin = await createOriginRepo();
  server = await startGitHttpsServer(dirname(fileURLToPath(origin.url)), `Basic ${basic}`, work);
  argvLog = join(work, "argv.log");
  traceLog = join(work, "trace.log");
  const realGit = execFileSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).trim();
  const bin = join(work, "bin");
  await mkdir(bin);
  await writeFile(
    join(bin, "git"),
    `#!/bin/sh\nprintf '%s\\n' "$*" >> '${argvLog}'\nGIT_TRACE='${traceLog}' GIT_SSL_CAINFO='${server.certificateFile}' exec '${realGit}' "$@"\n`,
  );
  await chmod(join(bin, "git"), 0o755);
  process.env.PATH = `${bin}:${inheritedPath}`;
});

afterAll(async () => {
  process.env.PATH = inheritedPath;
  await server.close();
  await origin.cleanup();
  await rm(work, { recursive: true, force: true });
});

beforeEach(async () => {
  mirrors = new GitMirrors(await mkdtemp(join(work, "cache-")), limits);
  server.authorizations.length = 0;
});

const httpsRemote = (withToken = token) => ({
  fullName: "acme/pipelines",
  cloneUrl: server.url("origin.git"),
  token: withToken,
});

describe("the installation token", () => {
  it("reaches the server in the Authorization header and never a git command line", async () => {
    const sha = await origin.commit({ "workflows/a.yaml": "v: 1\n" });
    await writeFile(argvLog, "");
    await writeFile(traceLog, "");

    expect(await mirrors.remoteHead(httpsRemote(), "main")).toBe(sha);
    const snapshot = await mirrors.snapshot(httpsRemote(), sha);
    expect(await snapshot.readText("workflows/a.yaml")).toBe("v: 1\n");

    expect(server.authorizations.length).toBeGreaterThan(1); // ls-remote, then fetch
    expect(new Set(server.authorizations)).toEqual(new Set([`Basic ${basic}`]));
    const argv = await readFile(argvLog, "utf8");
    const commandLines = `${argv}\n${await readFile(traceLog, "utf8")}`;
    expect(commandLines).not.toContain(token);
    expect(commandLines).not.toContain(basic);
    expect(commandLines).toContain("remote-https"); // the trace did follow git's own children
    expect(argv).toMatch(/ls-remote -- https:/);
    expect(argv).toMatch(/fetch .*-- origin/);
  });

  it("refused by the server fails at once, without a prompt and without the token", async () => {
    const wrong = "ghs_wrong_token_0123456789";
    const started = performance.now();
    const error = await mirrors.remoteHead(httpsRemote(wrong), "main").catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toMatch(/^git could not reach acme\/pipelines: /);
    expect(message).not.toContain(wrong);
    expect(server.authorizations).toContain(
      `Basic ${Buffer.from(`x-access-token:${wrong}`).toString("base64")}`,
    );
  });

  it("is not sent to a remote that is not https", async () => {
    await origin.commit({ "workflows/a.yaml": "v: 2\n" });
    await writeFile(argvLog, "");
    const remote = { fullName: "acme/pipelines", cloneUrl: origin.url, token };
    await mirrors.snapshot(remote, await origin.headOf("main"));
    expect(await readFile(argvLog, "utf8")).not.toContain("http.extraHeader");
  });
});

describe("the remote URL", () => {
  it("is taken for a repository even when it begins with '-', never for an option", async () => {
    const marker = join(work, "upload-pack-ran");
    const remote = { fullName: "acme/pipelines", cloneUrl: `--upload-pack=touch ${marker}` };
    // git names the repository it was given in quotes (and refuses a path that looks like an option).
    const asRepository = /fatal: .*'--upload-pack=touch [^']+'/;
    await expect(mirrors.remoteHead(remote, "main")).rejects.toThrow(asRepository);
    await expect(mirrors.snapshot(remote, "1".repeat(40))).rejects.toThrow(asRepository);
    await expect(access(marker)).rejects.toThrow();
  });
});

describe("a commit read after its fetch", () => {
  it("never contacts the remote again, even for the blobs the fetch left out", async () => {
    const before = await origin.commit({ "workflows/a.yaml": "v: 3\n" });
    const sha = await origin.commit({
      "workflows/a.yaml": "v: 4\n",
      "workflows/huge.yaml": `# ${"x".repeat(300_000)}\n`,
      "data/weights.bin": Buffer.alloc(400_000, 7),
    });
    await mirrors.snapshot(httpsRemote(), before);
    const snapshot = await mirrors.snapshot(httpsRemote(), sha);
    const requests = server.authorizations.length;

    const files = await snapshot.listFiles([""]);
    expect(files.filter((file) => file.omitted).map((file) => file.path)).toEqual([
      "data/weights.bin",
      "workflows/huge.yaml",
    ]);
    const readable = files.filter((file) => !file.omitted);
    expect((await snapshot.readBlobs(readable)).get("workflows/a.yaml")?.toString()).toBe("v: 4\n");
    await expect(snapshot.readText("workflows/huge.yaml")).rejects.toThrow(/more than 262144/);
    await expect(snapshot.readBlobs(files)).rejects.toThrow(/more than 262144/);
    expect(await mirrors.changedFiles("acme/pipelines", before, sha)).toEqual([
      "data/weights.bin",
      "workflows/a.yaml",
      "workflows/huge.yaml",
    ]);
    expect(await mirrors.isAncestor("acme/pipelines", before, sha)).toBe(true);
    expect(server.authorizations.length).toBe(requests);
  });
});
