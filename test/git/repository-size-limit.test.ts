import { randomBytes } from "node:crypto";
import { appendFile, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { directoryBytes, watchIncomingPacks } from "../../app/git/mirror-size.ts";
import { GitMirrors } from "../../app/git/repo-mirror.ts";
import { RepositoryTooLargeError } from "../../app/git/repository-too-large.ts";
import { createOriginRepo, type OriginRepo } from "../support/git-repo.ts";

const limits = { maxFileBytes: 256 * 1024, maxRepositoryBytes: 1 << 20 };
let origin: OriginRepo;
let cacheDir: string;

beforeEach(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), "coxswain-cache-"));
});

afterEach(() => rm(cacheDir, { recursive: true, force: true }));

const remote = () => ({ fullName: "acme/pipelines", cloneUrl: origin.url });
/** Another repository's mirror (of the same remote: mirrors are kept by repository name). */
const otherRemote = () => ({ fullName: "acme/other", cloneUrl: origin.url });

/** Eight files of 200 KB that do not compress: 1.6 MB of Git objects, each file under the limit. */
const bulk = () =>
  Object.fromEntries(
    Array.from({ length: 8 }, (_, i) => [`data/part-${i}.bin`, randomBytes(200_000)]),
  );

describe("the size limit per repository", () => {
  beforeEach(async () => {
    origin = await createOriginRepo();
  });
  afterEach(() => origin.cleanup());

  it("refuses a fetch that leaves the mirror over the limit, removes only that mirror, and fetches a smaller commit later", async () => {
    const mirrors = new GitMirrors(cacheDir, limits);
    const small = await origin.commit({ "workflows/a.yaml": "v: 1\n" });
    await mirrors.snapshot(otherRemote(), small);
    await mirrors.snapshot(remote(), small);
    const large = await origin.commit(bulk());

    const error = await mirrors.snapshot(remote(), large).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RepositoryTooLargeError);
    const refusal = error as RepositoryTooLargeError;
    expect(refusal.repository).toBe("acme/pipelines");
    expect(refusal.bytes).toBeGreaterThan(limits.maxRepositoryBytes);
    expect(refusal.message).toMatch(
      /^acme\/pipelines is too large for coxswain: its Git objects take (at least )?1\.\d MiB \([\d,]+ bytes\), and the server policy allows 1\.0 MiB \(1,048,576 bytes\) per repository \(limits\.maxRepositoryBytes; /,
    );
    expect(await readdir(cacheDir)).toEqual(["acme__other.git"]);
    const otherSnapshot = await mirrors.snapshot(otherRemote(), small);
    expect(await otherSnapshot.readText("workflows/a.yaml")).toBe("v: 1\n");

    const again = await mirrors.snapshot(remote(), small);
    expect(await again.readText("workflows/a.yaml")).toBe("v: 1\n");
    expect(await directoryBytes(join(cacheDir, "acme__pipelines.git"))).toBeLessThan(
      limits.maxRepositoryBytes,
    );
  });

  it("starts afresh from a mirror left over the limit (a lower limit than it was fetched with)", async () => {
    const small = await origin.commit({ "workflows/a.yaml": "v: 1\n" });
    const large = await origin.commit(bulk());
    await new GitMirrors(cacheDir, { ...limits, maxRepositoryBytes: 100 << 20 }).snapshot(
      remote(),
      large,
    );
    const mirrors = new GitMirrors(cacheDir, limits);
    const snapshot = await mirrors.snapshot(remote(), small);
    expect(await snapshot.readText("workflows/a.yaml")).toBe("v: 1\n");
    expect(await directoryBytes(cacheDir)).toBeLessThan(limits.maxRepositoryBytes);
  });
});

describe("the watch on a fetch's incoming packs", () => {
  it("aborts once the packs being received pass the allowance, counting no finished pack", async () => {
    const packs = join(cacheDir, "mirror.git", "objects", "pack");
    await mkdir(packs, { recursive: true });
    await writeFile(join(packs, "pack-1.pack"), Buffer.alloc(5000));
    await writeFile(join(packs, "tmp_pack_a"), Buffer.alloc(600));
    const watch = watchIncomingPacks(join(cacheDir, "mirror.git"), 1000);
    try {
      await new Promise((resolve) => setTimeout(resolve, 450));
      expect(watch.signal.aborted).toBe(false);
      await appendFile(join(packs, "tmp_pack_a"), Buffer.alloc(900));
      await new Promise((resolve) => setTimeout(resolve, 450));
      expect(watch.signal.aborted).toBe(true);
      expect(watch.receivedBytes).toBe(1500);
    } finally {
      watch.stop();
    }
  });
});
