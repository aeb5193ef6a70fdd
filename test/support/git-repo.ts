// A real Git "remote" for tests: a bare repository in a temp folder plus a working clone
// that commits and pushes, so the app fetches exactly what a push would hold.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { type SimpleGit, simpleGit } from "simple-git";

export interface OriginRepo {
  /** file:// URL of the bare repository (what a push payload's clone_url would be). */
  url: string;
  /** Writes (text or bytes) or deletes (null) files, commits on `branch`, pushes; returns the sha. */
  commit(
    files: Record<string, string | Uint8Array | null>,
    message?: string,
    branch?: string,
  ): Promise<string>;
  /** Starts `branch` from `from` (default: main) without committing. */
  branch(name: string, from?: string): Promise<void>;
  /** The sha a branch points at. */
  headOf(branch: string): Promise<string>;
  /** Pushes `sha` as refs/pull/N/head, as GitHub does for a PR. */
  pushPullRef(number: number, sha: string): Promise<void>;
  cleanup(): Promise<void>;
}

export async function createOriginRepo(): Promise<OriginRepo> {
  const root = await mkdtemp(join(tmpdir(), "coxswain-git-"));
  const bare = join(root, "origin.git");
  const work = join(root, "work");
  await mkdir(bare);
  await simpleGit({ baseDir: bare }).raw(["init", "--bare", "--quiet", "--initial-branch=main"]);
  await simpleGit({ baseDir: root }).raw(["clone", "--quiet", bare, work]);
  // GitHub's side: its housekeeping (auto gc, detached) must not run beside the app under test,
  // and, as GitHub does, it serves partial fetches (`--filter`) and commits asked for by sha.
  await simpleGit({ baseDir: bare })
    .addConfig("gc.auto", "0")
    .addConfig("maintenance.auto", "false")
    .addConfig("uploadpack.allowFilter", "true")
    .addConfig("uploadpack.allowAnySHA1InWant", "true");
  const git: SimpleGit = simpleGit({ baseDir: work })
    .addConfig("gc.auto", "0")
    .addConfig("maintenance.auto", "false")
    .addConfig("user.name", "ML Engineer")
    .addConfig("user.email", "ml@example.com")
    .addConfig("commit.gpgsign", "false");
  let current = "main";
  await git.raw(["checkout", "--quiet", "-b", "main"]);
  await writeFile(join(work, "README.md"), "# pipelines\n");
  await git.add("README.md").commit("initial commit").push("origin", "main");
  return {
    url: `file://${bare}`,
    async commit(files, message = "change pipelines", branch = current) {
      if (branch !== current) {
        await git.raw(["checkout", "--quiet", branch]);
        current = branch;
      }
      for (const [path, content] of Object.entries(files)) {
        const full = join(work, path);
        if (content === null) {
          await git.raw(["rm", "--quiet", "--", path]);
        } else {
          await mkdir(dirname(full), { recursive: true });
          await writeFile(full, content);
          await git.add(path);
        }
      }
      await git.commit(message, { "--allow-empty": null });
      await git.push("origin", branch);
      return (await git.revparse(["HEAD"])).trim();
    },
    async branch(name, from = "main") {
      await git.raw(["checkout", "--quiet", "-b", name, from]);
      current = name;
    },
    async headOf(branch) {
      return (await git.revparse([branch])).trim();
    },
    async pushPullRef(number, sha) {
      await git.push("origin", `${sha}:refs/pull/${number}/head`);
    },
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}
