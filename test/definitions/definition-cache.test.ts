import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type ArgoSchemaValidator, loadArgoSchemaValidator } from "../../app/argo/argo-schema.ts";
import { parseServerPolicy, type ServerPolicy } from "../../app/config/server-policy.ts";
import { DefinitionCache } from "../../app/definitions/definition-cache.ts";
import { type ReadContext, readRepoDefinitions } from "../../app/definitions/read-definitions.ts";
import { GitMirrors, type RepoSnapshot } from "../../app/git/repo-mirror.ts";
import { createOriginRepo, type OriginRepo } from "../support/git-repo.ts";
import { cronWorkflow, workflowTemplate } from "../support/pipelines.ts";
import { argoSchemaPath } from "../support/shared-data.ts";

let schema: ArgoSchemaValidator;
let origin: OriginRepo;
let cacheDir: string;
let git: GitMirrors;
let cache: DefinitionCache;

beforeAll(async () => {
  schema = loadArgoSchemaValidator(argoSchemaPath);
  origin = await createOriginRepo();
  cacheDir = await mkdtemp(join(tmpdir(), "coxswain-cache-test-"));
  git = new GitMirrors(cacheDir, { maxFileBytes: 1024 * 1024, maxRepositoryBytes: 1024 ** 3 });
});
afterAll(async () => {
  git.close();
  await origin.cleanup();
  await rm(cacheDir, { recursive: true, force: true });
});
beforeEach(() => {
  cache = new DefinitionCache();
});

function server(yaml = ""): ServerPolicy {
  const parsed = parseServerPolicy(
    `repositories: [{match: acme/pipelines, namespace: ml}]\n${yaml}`,
    "policy.yaml",
  );
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.policy;
}

let present: string[] = [];

/** Commits exactly these files (the files of earlier tests are deleted) and returns the sha. */
async function commitOnly(files: Record<string, string>): Promise<string> {
  const gone = Object.fromEntries(present.filter((path) => !(path in files)).map((p) => [p, null]));
  present = Object.keys(files);
  return origin.commit({ ...gone, ...files });
}

/** A snapshot of `sha` that records the paths whose blobs were read. */
async function snapshotOf(sha: string): Promise<{ snapshot: RepoSnapshot; blobsRead: string[] }> {
  const snapshot = await git.snapshot({ fullName: "acme/pipelines", cloneUrl: origin.url }, sha);
  const blobsRead: string[] = [];
  return {
    blobsRead,
    snapshot: {
      ...snapshot,
      readBlobs: (entries) => {
        blobsRead.push(...entries.map((entry) => entry.path));
        return snapshot.readBlobs(entries);
      },
    },
  };
}

async function read(sha: string, context: Partial<ReadContext> = {}) {
  const { snapshot, blobsRead } = await snapshotOf(sha);
  const result = await readRepoDefinitions(snapshot, {
    server: server(),
    namespace: "ml",
    repoFullName: "acme/pipelines",
    schema,
    cache,
    ...context,
  });
  return { result, blobsRead };
}

function problemsOf(result: Awaited<ReturnType<typeof read>>["result"]): string[] {
  const problems = result.ok ? result.warnings : result.problems;
  return problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`);
}

/** A template whose one step runs the `template` of WorkflowTemplate `lib`. */
const usesLib = (template: string) => `apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: uses
spec:
  entrypoint: main
  templates:
    - name: main
      steps:
        - - name: call
            templateRef:
              name: lib
              template: ${template}
`;

describe("the cache of definition files by blob id", () => {
  it("reads again only the file whose blob changed, and returns its new content", async () => {
    const files = {
      "workflows/a.yaml": workflowTemplate("a"),
      "workflows/b.yaml": workflowTemplate("b"),
      "workflows/c.yaml": workflowTemplate("c"),
    };
    const first = await commitOnly(files);
    const filled = await read(first);
    expect(filled.blobsRead).toEqual(["workflows/a.yaml", "workflows/b.yaml", "workflows/c.yaml"]);

    const second = await commitOnly({
      ...files,
      "workflows/b.yaml": workflowTemplate("b", { image: "python:3.13" }),
    });
    const { result, blobsRead } = await read(second);
    expect(blobsRead).toEqual(["workflows/b.yaml"]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const images = result.definitions.map((definition) => {
      const spec = definition.document.spec as { templates: { container?: { image: string } }[] };
      return [definition.name, spec.templates.find((t) => t.container)?.container?.image];
    });
    expect(images).toEqual([
      ["a", "python:3.12"],
      ["b", "python:3.13"],
      ["c", "python:3.12"],
    ]);
    expect((await read(second)).blobsRead).toEqual([]);
  });

  it("gives the same definitions and problems, at the same lines, as a read without it", async () => {
    const sha = await commitOnly({
      "workflows/a.yaml": workflowTemplate("a"),
      "workflows/lib.yaml": workflowTemplate("lib"),
      "workflows/uses.yaml": usesLib("no-such-template"),
      "workflows/broken.yaml": "kind: [unclosed\n",
    });
    const uncached = await read(sha, { cache: undefined });
    const filling = await read(sha);
    const cached = await read(sha);
    expect(cached.blobsRead).toEqual([]);
    expect(filling.result).toEqual(uncached.result);
    expect(cached.result).toEqual(uncached.result);
    // The lint problem is placed on its line from a cached file too.
    expect(problemsOf(cached.result).some((p) => p.startsWith("workflows/uses.yaml:"))).toBe(true);
  });

  it("lints an unchanged file again when a template it refers to changes in another file", async () => {
    const before = await commitOnly({
      "workflows/lib.yaml": workflowTemplate("lib"),
      "workflows/uses.yaml": usesLib("step"),
    });
    expect(problemsOf((await read(before)).result)).toEqual([]);
    const after = await commitOnly({
      "workflows/uses.yaml": usesLib("step"),
      "workflows/lib.yaml": workflowTemplate("lib")
        .replace("- name: step", "- name: stage")
        .replaceAll("template: step", "template: stage"),
    });
    const { result, blobsRead } = await read(after);
    expect(blobsRead).toEqual(["workflows/lib.yaml"]);
    expect(problemsOf(result)).toEqual(
      problemsOf((await read(after, { cache: undefined })).result),
    );
    expect(problemsOf(result).some((p) => p.startsWith("workflows/uses.yaml:"))).toBe(true);
  });

  it("does not reuse a reading for another namespace", async () => {
    const sha = await commitOnly({
      "workflows/team.yaml": workflowTemplate("team").replace(
        "  name: team\n",
        "  name: team\n  namespace: ml\n",
      ),
    });
    expect((await read(sha, { namespace: "ml" })).result.ok).toBe(true);
    const other = await read(sha, { namespace: "ml-other" });
    expect(other.blobsRead).toEqual(["workflows/team.yaml"]);
    expect(problemsOf(other.result)).toEqual([
      'workflows/team.yaml:5:3: metadata.namespace "ml" is not this repository\'s namespace "ml-other"; leave it out and coxswain sets it',
    ]);
  });

  it("does not reuse a reading under a server policy that allows other things", async () => {
    const sha = await commitOnly({
      "workflows/train.yaml": workflowTemplate("train", {
        extra: "  serviceAccountName: trainer\n",
      }),
    });
    const allowed = await read(sha, { server: server("serviceAccounts: [trainer]\n") });
    expect(allowed.result.ok).toBe(true);
    const refused = await read(sha, { server: server() });
    expect(refused.blobsRead).toEqual(["workflows/train.yaml"]);
    expect(refused.result.ok).toBe(false);
    expect(problemsOf(refused.result).join("\n")).toContain("trainer");
  });

  it("does not reuse a reading when the config that _extends names changes", async () => {
    const sha = await commitOnly({
      "workflows/train.yaml": workflowTemplate("train"),
      "workflows/nightly.yaml": cronWorkflow("nightly", "train"),
      ".github/coxswain.yml": "_extends: .github\n",
    });
    const shared = (text: string) => async () => ({ name: "acme/.github", text });
    const everything = await read(sha, { sharedConfig: shared("prune: true\n") });
    expect(everything.result.ok).toBe(true);
    const templatesOnly = await read(sha, {
      sharedConfig: shared("definitions:\n  kinds: [WorkflowTemplate]\n"),
    });
    expect(templatesOnly.blobsRead).toEqual(["workflows/nightly.yaml", "workflows/train.yaml"]);
    expect(templatesOnly.result.ok).toBe(false);
    expect(problemsOf(templatesOnly.result).join("\n")).toContain("workflows/nightly.yaml:2:");
  });

  it("keeps its own copy and hands it out frozen: no caller can change what the next read gets", async () => {
    const sha = await commitOnly({ "workflows/train.yaml": workflowTemplate("train") });
    const first = await read(sha);
    if (!first.result.ok) throw new Error("expected a valid read");
    // The first read's definitions are the caller's own: changing them leaves the cache alone.
    (first.result.definitions[0]?.document.spec as { entrypoint: string }).entrypoint = "changed";
    const second = await read(sha);
    expect(second.blobsRead).toEqual([]);
    if (!second.result.ok) throw new Error("expected a valid read");
    const cached = second.result.definitions[0]?.document.spec as { entrypoint: string };
    expect(cached).toMatchObject({ entrypoint: "main" });
    expect(() => {
      cached.entrypoint = "changed again";
    }).toThrow(TypeError);
    const third = await read(sha);
    if (!third.result.ok) throw new Error("expected a valid read");
    expect(third.result.definitions[0]?.document.spec).toMatchObject({ entrypoint: "main" });
  });

  it("keeps at most the number of files it was given, dropping the least recently used", async () => {
    cache = new DefinitionCache(2);
    const files = {
      "workflows/a.yaml": workflowTemplate("a"),
      "workflows/b.yaml": workflowTemplate("b"),
    };
    await read(await commitOnly(files));
    expect(cache.size).toBe(2);
    const sha = await commitOnly({ ...files, "workflows/c.yaml": workflowTemplate("c") });
    expect((await read(sha)).blobsRead).toEqual(["workflows/c.yaml"]);
    expect(cache.size).toBe(2);
    // a was used least recently when c came in, so a is the one read again.
    expect((await read(sha)).blobsRead).toEqual(["workflows/a.yaml"]);
  });
});
