// Reads a repository at a commit without a checkout: one cached bare mirror per repository,
// fetched by commit sha with the installation token, files read with ls-tree / show.
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { type SimpleGit, simpleGit } from "simple-git";
import { KeyedMutex } from "../util/keyed-mutex.ts";

export interface RemoteRepo {
  /** `owner/name`, used for the cache folder. */
  fullName: string;
  cloneUrl: string;
  /** Installation token for an https remote; never logged. */
  token?: string;
}

export interface FileEntry {
  path: string;
  size: number;
  oid: string;
}

/** A repository's tree at one commit. */
export interface RepoSnapshot {
  sha: string;
  /** Blobs under the given folders ("" = whole tree), in path order. */
  listFiles(folders: readonly string[]): Promise<FileEntry[]>;
  readBlobs(entries: readonly FileEntry[]): Promise<Map<string, Buffer>>;
  readText(path: string): Promise<string | undefined>;
}

export class GitMirrors {
  readonly #cacheDir: string;
  readonly #locks = new KeyedMutex();
  readonly #mirrors = new Map<string, Promise<SimpleGit>>();

  constructor(cacheDir: string) {
    this.#cacheDir = cacheDir;
  }

  /** Makes sure the mirror has `sha` (fetching it, or `fallbackRefs`, if missing). */
  async snapshot(
    remote: RemoteRepo,
    sha: string,
    fallbackRefs: string[] = [],
  ): Promise<RepoSnapshot> {
    const git = await this.#locks.run(remote.fullName, async () => {
      const mirror = await this.#open(remote.fullName);
      if (!(await hasCommit(mirror, sha))) await fetchCommit(mirror, remote, sha, fallbackRefs);
      return mirror;
    });
    return snapshotOf(git, sha);
  }

  /** The sha a branch points at on the remote, without fetching it. */
  async remoteHead(remote: RemoteRepo, branch: string): Promise<string | undefined> {
    const mirror = await this.#open(remote.fullName);
    const out = await withRemote(remote, () =>
      mirror.raw([...authArgs(remote), "ls-remote", remote.cloneUrl, `refs/heads/${branch}`]),
    );
    return out.split(/\s/)[0] || undefined;
  }

  /** True when `ancestor` is reachable from `descendant` (both must be in the mirror). */
  async isAncestor(fullName: string, ancestor: string, descendant: string): Promise<boolean> {
    const mirror = await this.#open(fullName);
    // (simple-git does not surface --is-ancestor's silent exit code 1, so compare the merge base.)
    const base = await mirror.raw(["merge-base", ancestor, descendant]).catch(() => "");
    return base.trim() === ancestor;
  }

  /** Files that differ between two commits of the mirror (added, changed, deleted or renamed). */
  async changedFiles(fullName: string, from: string, to: string): Promise<string[]> {
    const mirror = await this.#open(fullName);
    const out = await mirror.raw(["diff", "--name-only", "--no-renames", "-z", from, to]);
    return out.split("\0").filter(Boolean);
  }

  /** The mirror of a repository, created on first use (once, however many calls race for it). */
  #open(fullName: string): Promise<SimpleGit> {
    let opened = this.#mirrors.get(fullName);
    if (!opened) {
      opened = this.#create(fullName);
      this.#mirrors.set(fullName, opened);
      opened.catch(() => this.#mirrors.delete(fullName));
    }
    return opened;
  }

  async #create(fullName: string): Promise<SimpleGit> {
    const dir = join(this.#cacheDir, `${fullName.replace("/", "__")}.git`);
    await mkdir(dir, { recursive: true });
    const git = simpleGit({ baseDir: dir });
    if (!(await git.checkIsRepo().catch(() => false))) {
      await git.raw(["init", "--bare", "--quiet", "--initial-branch=main"]);
    }
    return git;
  }
}

async function hasCommit(git: SimpleGit, sha: string): Promise<boolean> {
  const found = await git
    .raw(["rev-parse", "--verify", "--quiet", `${sha}^{commit}`])
    .catch(() => "");
  return found.trim() === sha;
}

async function fetchCommit(git: SimpleGit, remote: RemoteRepo, sha: string, refs: string[]) {
  const fetch = (what: string[]) =>
    withRemote(remote, () =>
      git.raw([...authArgs(remote), "fetch", "--quiet", "--no-tags", remote.cloneUrl, ...what]),
    );
  try {
    await fetch([sha]);
  } catch (error) {
    // Servers that refuse a bare sha still serve the branch or pull ref that holds it.
    if (refs.length === 0) throw error;
    await fetch(refs.map((ref) => `+${ref}:${ref}`));
  }
  if (!(await hasCommit(git, sha))) {
    throw new Error(`commit ${sha} is not in ${remote.fullName} after fetching it`);
  }
}

/**
 * Runs a git command that talks to the remote. simple-git's errors carry the whole command
 * line (with the token's auth header) in `task`; only the message, token removed, goes on.
 */
async function withRemote<T>(remote: RemoteRepo, command: () => Promise<T>): Promise<T> {
  try {
    return await command();
  } catch (error) {
    let message = error instanceof Error ? error.message : String(error);
    if (remote.token) {
      for (const secret of [remote.token, basicAuth(remote.token)])
        message = message.replaceAll(secret, "***");
    }
    throw new Error(`git could not reach ${remote.fullName}: ${message.trim()}`);
  }
}

function basicAuth(token: string): string {
  return Buffer.from(`x-access-token:${token}`).toString("base64");
}

function authArgs(remote: RemoteRepo): string[] {
  if (!remote.token || !remote.cloneUrl.startsWith("https://")) return [];
  return ["-c", `http.extraHeader=Authorization: Basic ${basicAuth(remote.token)}`];
}

const showBatch = 200;

function snapshotOf(git: SimpleGit, sha: string): RepoSnapshot {
  const list = async (pathspecs: readonly string[]): Promise<FileEntry[]> => {
    const out = await git.raw(["ls-tree", "-r", "-l", "-z", sha, "--", ...pathspecs]);
    return out
      .split("\0")
      .filter(Boolean)
      .flatMap((line) => {
        const tab = line.indexOf("\t");
        const [, type, oid, size] = line.slice(0, tab).split(/\s+/);
        if (type !== "blob" || !oid) return [];
        return [{ path: line.slice(tab + 1), size: Number(size), oid }];
      });
  };
  const readBlobs = async (entries: readonly FileEntry[]) => {
    const blobs = new Map<string, Buffer>();
    for (let start = 0; start < entries.length; start += showBatch) {
      const batch = entries.slice(start, start + showBatch);
      // `git show` of several blobs prints them back to back; their sizes split them apart.
      const out = await git.showBuffer(batch.map((entry) => entry.oid));
      let offset = 0;
      for (const entry of batch) {
        blobs.set(entry.path, out.subarray(offset, offset + entry.size));
        offset += entry.size;
      }
    }
    return blobs;
  };
  return {
    sha,
    listFiles: (folders) =>
      list(folders.filter((folder) => folder !== "").length === folders.length ? folders : []),
    readBlobs,
    async readText(path) {
      // One process: `git show sha:path`; a missing path is an error, which means "no file".
      const text = await git.show([`${sha}:${path}`]).catch(() => undefined);
      return text;
    },
  };
}
