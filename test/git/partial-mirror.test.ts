import { randomBytes } from "node:crypto";
import { mkdtemp, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ArgoSchemaValidator, loadArgoSchemaValidator } from "../../app/argo/argo-schema.ts";
import { parseServerPolicy, type ServerPolicy } from "../../app/config/server-policy.ts";
import { readRepoDefinitions } from "../../app/definitions/read-definitions.ts";
import { directoryBytes } from "../../app/git/mirror-size.ts";
import { GitMirrors, type RepoSnapshot } from "../../app/git/repo-mirror.ts";
import { createOriginRepo, type OriginRepo } from "../support/git-repo.ts";
import { workflowTemplate } from "../support/pipelines.ts";
import { argoSchemaPath } from "../support/shared-data.ts";

const fileLimit = 256 * 1024; // the server policy's default limits.maxFileBytes
let origin: OriginRepo;
let cacheDir: string;
let mirrors: GitMirrors;
let server: ServerPolicy;
let schema: ArgoSchemaValidator;

beforeEach(async () => {
  origin = await createOriginRepo();
  cacheDir = await mkdtemp(join(tmpdir(), "coxswain-cache-"));
  const parsed = parseServerPolicy(
    "repositories: [{match: acme/pipelines, namespace: ml}]\n",
    "policy.yaml",
  );
  if (!parsed.ok) throw new Error(parsed.error);
  server = parsed.policy;
  schema ??= loadArgoSchemaValidator(argoSchemaPath);
  mirrors = new GitMirrors(cacheDir, server.limits);
});

afterEach(async () => {
  await origin.cleanup();
  await rm(cacheDir, { recursive: true, force: true });
});

const remote = () => ({ fullName: "acme/pipelines", cloneUrl: origin.url });
const definitionsOf = (snapshot: RepoSnapshot) =>
  readRepoDefinitions(snapshot, {
    server,
    schema,
    namespace: "ml",
    repoFullName: "acme/pipelines",
  });

/** A valid template padded with a YAML comment to exactly `bytes` bytes. */
function templateOfSize(name: string, bytes: number): string {
  const template = workflowTemplate(name);
  return `${template}#${"x".repeat(bytes - template.length - 2)}\n`;
}

describe("a mirror fetches no blob over the per-file limit", () => {
  it("stays small when a commit holds a 5 MB file outside workflows/, and reads the definitions", async () => {
    const sha = await origin.commit({
      "workflows/train.yaml": workflowTemplate("train"),
      "data/weights.bin": randomBytes(5 << 20),
    });
    const snapshot = await mirrors.snapshot(remote(), sha);

    expect(await directoryBytes(cacheDir)).toBeLessThan(512 * 1024);
    const read = await definitionsOf(snapshot);
    expect(read.ok && read.definitions.map((definition) => definition.name)).toEqual(["train"]);
    expect(await snapshot.listFiles([""])).toContainEqual({
      path: "data/weights.bin",
      size: fileLimit,
      oid: expect.stringMatching(/^[0-9a-f]{40}$/),
      omitted: true,
    });
  });

  it("lists a definition file over the limit and refuses it by name; one at the limit is read", async () => {
    const sha = await origin.commit({
      "workflows/train.yaml": workflowTemplate("train"),
      "workflows/at-limit.yaml": templateOfSize("at-limit", fileLimit),
      "workflows/huge.yaml": templateOfSize("huge", fileLimit + 1),
    });
    const snapshot = await mirrors.snapshot(remote(), sha);

    const listed = await snapshot.listFiles(["workflows/huge.yaml", "workflows/at-limit.yaml"]);
    expect(listed.map((file) => [file.path, file.size, file.omitted])).toEqual([
      ["workflows/at-limit.yaml", fileLimit, undefined],
      ["workflows/huge.yaml", fileLimit, true],
    ]);
    expect(await definitionsOf(snapshot)).toMatchObject({
      ok: false,
      problems: [
        {
          file: "workflows/huge.yaml",
          line: 1,
          column: 1,
          message: `file is more than ${fileLimit} bytes; the server policy allows at most ${fileLimit} per file`,
          severity: "error",
        },
      ],
    });
  });

  it("reads a commit whose large blobs were left out without its remote, at once", async () => {
    const before = await origin.commit({ "workflows/train.yaml": workflowTemplate("train") });
    const sha = await origin.commit({
      "workflows/huge.yaml": templateOfSize("huge", fileLimit + 1),
      ".github/coxswain.yml": `# ${"x".repeat(fileLimit)}\n`,
      "data/weights.bin": randomBytes(1 << 20),
    });
    await mirrors.snapshot(remote(), sha);
    const originDir = dirname(fileURLToPath(origin.url));
    await rename(originDir, `${originDir}-moved`);
    try {
      const started = performance.now();
      const snapshot = await mirrors.snapshot(remote(), sha);
      const files = await snapshot.listFiles([""]);
      expect(files.filter((file) => file.omitted).map((file) => file.path)).toEqual([
        ".github/coxswain.yml",
        "data/weights.bin",
        "workflows/huge.yaml",
      ]);
      await expect(snapshot.readText(".github/coxswain.yml")).rejects.toThrow(
        `.github/coxswain.yml is more than ${fileLimit} bytes, the server policy's limit per file (limits.maxFileBytes)`,
      );
      await expect(snapshot.readText("data/weights.bin")).rejects.toThrow(/more than/);
      expect(await snapshot.readText("workflows/train.yaml")).toBe(workflowTemplate("train"));
      expect(await snapshot.readText("workflows/none.yaml")).toBeUndefined();
      expect(await mirrors.changedFiles("acme/pipelines", before, sha)).toHaveLength(3);
      mirrors.close(); // a new reader process must not try the remote either
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await snapshot.readText("workflows/train.yaml")).toBe(workflowTemplate("train"));
      expect(performance.now() - started).toBeLessThan(2000);
    } finally {
      await rename(`${originDir}-moved`, originDir);
    }
  });
});
