import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GitMirrors } from "../../app/git/repo-mirror.ts";
import { createOriginRepo, type OriginRepo } from "../support/git-repo.ts";

let origin: OriginRepo;
let cacheDir: string;
let mirrors: GitMirrors;

beforeEach(async () => {
  origin = await createOriginRepo();
  cacheDir = await mkdtemp(join(tmpdir(), "coxswain-cache-"));
  mirrors = new GitMirrors(cacheDir, { maxFileBytes: 256 * 1024, maxRepositoryBytes: 100 << 20 });
});

afterEach(async () => {
  await origin.cleanup();
  await rm(cacheDir, { recursive: true, force: true });
});

const remote = () => ({ fullName: "acme/pipelines", cloneUrl: origin.url });

describe("GitMirrors", () => {
  it("reads the files of a folder at a commit, byte for byte", async () => {
    const sha = await origin.commit({
      "workflows/train.yaml": "kind: WorkflowTemplate\n",
      "workflows/nested/eval.yml": "kind: WorkflowTemplate # é\n",
      "README.md": "hi",
    });
    const snapshot = await mirrors.snapshot(remote(), sha);
    const files = await snapshot.listFiles(["workflows/"]);
    expect(files.map((f) => [f.path, f.size])).toEqual([
      ["workflows/nested/eval.yml", 28],
      ["workflows/train.yaml", 23],
    ]);
    const blobs = await snapshot.readBlobs(files);
    expect(blobs.get("workflows/nested/eval.yml")?.toString("utf8")).toBe(
      "kind: WorkflowTemplate # é\n",
    );
    expect(blobs.get("workflows/train.yaml")?.toString("utf8")).toBe("kind: WorkflowTemplate\n");
  });

  it("reads each commit as it was, not as the branch is now", async () => {
    const first = await origin.commit({ "workflows/a.yaml": "v: 1\n" });
    await origin.commit({ "workflows/a.yaml": "v: 2\n", "workflows/b.yaml": "v: 3\n" });
    const snapshot = await mirrors.snapshot(remote(), first);
    expect((await snapshot.listFiles(["workflows/"])).map((f) => f.path)).toEqual([
      "workflows/a.yaml",
    ]);
    expect(await snapshot.readText("workflows/a.yaml")).toBe("v: 1\n");
    expect(await snapshot.readText(".github/coxswain.yml")).toBeUndefined();
  });

  it("fetches a pull request's head commit through its pull ref", async () => {
    await origin.commit({ "workflows/a.yaml": "v: 1\n" });
    await origin.branch("feature");
    const head = await origin.commit({ "workflows/a.yaml": "v: 2\n" }, "try", "feature");
    await origin.pushPullRef(7, head);
    const snapshot = await mirrors.snapshot(remote(), head, ["refs/pull/7/head"]);
    expect(await snapshot.readText("workflows/a.yaml")).toBe("v: 2\n");
  });

  it("tells the remote head of a branch and whether one commit descends from another", async () => {
    const first = await origin.commit({ "a.yaml": "1" });
    const second = await origin.commit({ "a.yaml": "2" });
    expect(await mirrors.remoteHead(remote(), "main")).toBe(second);
    await mirrors.snapshot(remote(), second);
    expect(await mirrors.isAncestor("acme/pipelines", first, second)).toBe(true);
    expect(await mirrors.isAncestor("acme/pipelines", second, first)).toBe(false);
  });

  it("lists files given by folder or by path, the whole tree for the root, each once", async () => {
    const sha = await origin.commit({
      "workflows/a.yaml": "a",
      "workflows/b-c.yaml": "bc",
      "workflows/b/d.yaml": "d",
      "extra.yaml": "e",
      "file with space.yaml": "s",
    });
    const snapshot = await mirrors.snapshot(remote(), sha);
    const listed = await snapshot.listFiles(["workflows", "workflows/b", "extra.yaml", "none"]);
    expect(listed.map((f) => f.path)).toEqual([
      "extra.yaml",
      "workflows/a.yaml",
      "workflows/b-c.yaml",
      "workflows/b/d.yaml",
    ]);
    expect((await snapshot.listFiles([""])).map((f) => f.path)).toEqual([
      "README.md",
      "extra.yaml",
      "file with space.yaml",
      "workflows/a.yaml",
      "workflows/b-c.yaml",
      "workflows/b/d.yaml",
    ]);
    expect(await snapshot.readText("file with space.yaml")).toBe("s");
    expect(await snapshot.readText("workflows")).toBeUndefined(); // a folder is not a file
  });

  it("sees commits fetched after its first read, and many reads at once", async () => {
    const first = await origin.commit({ "workflows/a.yaml": "v: 1\n" });
    expect(await (await mirrors.snapshot(remote(), first)).readText("workflows/a.yaml")).toBe(
      "v: 1\n",
    );
    const shas: string[] = [];
    for (let i = 2; i <= 4; i++)
      shas.push(await origin.commit({ "workflows/a.yaml": `v: ${i}\n` }));
    const texts = await Promise.all(
      shas.map(async (sha) => (await mirrors.snapshot(remote(), sha)).readText("workflows/a.yaml")),
    );
    expect(texts).toEqual(["v: 2\n", "v: 3\n", "v: 4\n"]);
  });

  it("leaves git's maintenance out of a fetch until packs pile up, then joins them", async () => {
    const packs = async () => {
      const names = await readdir(join(cacheDir, "acme__pipelines.git", "objects", "pack"));
      return names.filter((name) => name.endsWith(".pack")).length;
    };
    const counts: number[] = [];
    let sha = "";
    for (let i = 1; i <= 52; i++) {
      sha = await origin.commit({ [`workflows/p${i % 3}.yaml`]: `v: ${i}\n` });
      await mirrors.snapshot(remote(), sha);
      counts.push(await packs());
    }
    // One pack per fetch up to 51 (git's gc joins packs once more than 50 are there), then few.
    expect(counts.slice(0, 50)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(counts[50]).toBeLessThanOrEqual(2);
    expect(counts[51]).toBeLessThanOrEqual(3);
    const snapshot = await mirrors.snapshot(remote(), sha);
    expect(await snapshot.readText("workflows/p1.yaml")).toBe("v: 52\n");
    expect(await snapshot.readText("workflows/p2.yaml")).toBe("v: 50\n");
  }, 60_000); // 52 fetches: seconds on a busy 2-core machine

  it("keeps reading after its reader process is stopped", async () => {
    const sha = await origin.commit({ "workflows/a.yaml": "v: 1\n" });
    const snapshot = await mirrors.snapshot(remote(), sha);
    expect(await snapshot.readText("workflows/a.yaml")).toBe("v: 1\n");
    mirrors.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await snapshot.readText("workflows/a.yaml")).toBe("v: 1\n");
  });

  it("fails clearly for a commit the remote does not have", async () => {
    await origin.commit({ "a.yaml": "1" });
    await expect(mirrors.snapshot(remote(), "0".repeat(40))).rejects.toThrow();
  });

  it("never lets the installation token into an error", async () => {
    const token = "ghs_secret_installation_token";
    const remoteWithToken = {
      fullName: "acme/pipelines",
      cloneUrl: "https://127.0.0.1:1/acme/pipelines.git",
      token,
    };
    const error = await mirrors.snapshot(remoteWithToken, "1".repeat(40)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    const everything = `${String(error)} ${JSON.stringify(error)} ${(error as Error).stack}`;
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(Buffer.from(`x-access-token:${token}`).toString("base64"));
    expect((error as Error).message).toMatch(/^git could not reach acme\/pipelines: /);
  });
});
