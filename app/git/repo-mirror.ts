// Reads a repository at a commit without a checkout: one cached bare mirror per repository,
// fetched by commit sha with the installation token, files read with ls-tree / show.
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { type SimpleGit, simpleGit } from "simple-git";
import { KeyedMutex } from "../util/keyed-mutex.ts";
import { ObjectReader } from "./object-reader.ts";

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
  readonly #mirrors = new Map<string, Promise<Mirror>>();

  constructor(cacheDir: string) {
    this.#cacheDir = cacheDir;
  }

  /** Makes sure the mirror has `sha` (fetching it, or `fallbackRefs`, if missing). */
  async snapshot(
    remote: RemoteRepo,
    sha: string,
    fallbackRefs: string[] = [],
  ): Promise<RepoSnapshot> {
    const mirror = await this.#locks.run(remote.fullName, async () => {
      const mirror = await this.#open(remote.fullName);
      if (!(await hasCommit(mirror.objects, sha))) {
        await fetchCommit(mirror.git, remote, sha, fallbackRefs);
        mirror.objects.close(); // the next read starts afresh and sees the fetched objects
        if (!(await hasCommit(mirror.objects, sha))) {
          throw new Error(`commit ${sha} is not in ${remote.fullName} after fetching it`);
        }
      }
      return mirror;
    });
    return snapshotOf(mirror.objects, sha);
  }

  /** The sha a branch points at on the remote, without fetching it. */
  async remoteHead(remote: RemoteRepo, branch: string): Promise<string | undefined> {
    const { git } = await this.#open(remote.fullName);
    const out = await withRemote(remote, () =>
      git.raw([...authArgs(remote), "ls-remote", remote.cloneUrl, `refs/heads/${branch}`]),
    );
    return out.split(/\s/)[0] || undefined;
  }

  /** True when `ancestor` is reachable from `descendant` (both must be in the mirror). */
  async isAncestor(fullName: string, ancestor: string, descendant: string): Promise<boolean> {
    const { git } = await this.#open(fullName);
    // (simple-git does not surface --is-ancestor's silent exit code 1, so compare the merge base.)
    const base = await git.raw(["merge-base", ancestor, descendant]).catch(() => "");
    return base.trim() === ancestor;
  }

  /** Files that differ between two commits of the mirror (added, changed, deleted or renamed). */
  async changedFiles(fullName: string, from: string, to: string): Promise<string[]> {
    const { git } = await this.#open(fullName);
    const out = await git.raw(["diff", "--name-only", "--no-renames", "-z", from, to]);
    return out.split("\0").filter(Boolean);
  }

  /** The mirror of a repository, created on first use (once, however many calls race for it). */
  /** Stops the mirrors' object readers (at shutdown; a later read starts them again). */
  close(): void {
    for (const opened of this.#mirrors.values()) {
      void opened.then((mirror) => mirror.objects.close()).catch(() => {});
    }
  }

  #open(fullName: string): Promise<Mirror> {
    let opened = this.#mirrors.get(fullName);
    if (!opened) {
      opened = this.#create(fullName);
      this.#mirrors.set(fullName, opened);
      opened.catch(() => this.#mirrors.delete(fullName));
    }
    return opened;
  }

  async #create(fullName: string): Promise<Mirror> {
    const dir = join(this.#cacheDir, `${fullName.replace("/", "__")}.git`);
    await mkdir(dir, { recursive: true });
    const git = simpleGit({ baseDir: dir });
    if (!(await git.checkIsRepo().catch(() => false))) {
      await git.raw(["init", "--bare", "--quiet", "--initial-branch=main"]);
    }
    return { git, objects: new ObjectReader(dir) };
  }
}

interface Mirror {
  git: SimpleGit;
  objects: ObjectReader;
}

async function hasCommit(objects: ObjectReader, sha: string): Promise<boolean> {
  if (!/^[0-9a-f]{40,64}$/.test(sha)) return false;
  const found = await objects.info(sha);
  return found?.type === "commit" && found.oid === sha;
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

const readBatch = 200;

function snapshotOf(objects: ObjectReader, sha: string): RepoSnapshot {
  const listFiles = async (folders: readonly string[]): Promise<FileEntry[]> => {
    const roots = folders.includes("") || folders.length === 0 ? [""] : folders;
    const found = new Map<string, FileEntry>();
    await Promise.all(
      roots.map((root) => collectBlobs(objects, sha, root.replace(/\/+$/, ""), found)),
    );
    return [...found.values()].sort((a, b) => compareBytes(a.path, b.path));
  };
  const readBlobs = async (entries: readonly FileEntry[]) => {
    const blobs = new Map<string, Buffer>();
    for (let start = 0; start < entries.length; start += readBatch) {
      const batch = entries.slice(start, start + readBatch);
      const read = await Promise.all(batch.map((entry) => objects.contents(entry.oid)));
      batch.forEach((entry, index) => {
        const content = read[index]?.content;
        if (!content) throw new Error(`git object ${entry.oid} (${entry.path}) is missing`);
        blobs.set(entry.path, content);
      });
    }
    return blobs;
  };
  return {
    sha,
    listFiles,
    readBlobs,
    async readText(path) {
      const object = await objects.contents(`${sha}:${path}`);
      return object?.type === "blob" ? object.content?.toString("utf8") : undefined;
    },
  };
}

/** Adds the blobs at or under `path` (a file or a folder; "" is the root) to `found`. */
async function collectBlobs(
  objects: ObjectReader,
  sha: string,
  path: string,
  found: Map<string, FileEntry>,
): Promise<void> {
  const top = await objects.contents(path === "" ? `${sha}^{tree}` : `${sha}:${path}`);
  if (!top) return;
  if (top.type === "blob") {
    found.set(path, { path, size: top.size, oid: top.oid });
    return;
  }
  if (top.type !== "tree" || !top.content) return;
  const hashBytes = top.oid.length / 2;
  const entries = parseTree(top.content, hashBytes).map((entry) => ({
    ...entry,
    path: path === "" ? entry.name : `${path}/${entry.name}`,
  }));
  await Promise.all(
    entries.map(async (entry) => {
      if (entry.mode === "40000") return collectBlobs(objects, sha, entry.path, found);
      if (entry.mode === "160000") return; // a submodule: a commit of another repository
      const info = await objects.info(entry.oid);
      if (info?.type === "blob")
        found.set(entry.path, { path: entry.path, size: info.size, oid: entry.oid });
    }),
  );
}

/** A tree object is `<mode> <name>\0<binary oid>` repeated. */
function parseTree(
  content: Buffer,
  hashBytes: number,
): { mode: string; name: string; oid: string }[] {
  const entries: { mode: string; name: string; oid: string }[] = [];
  let offset = 0;
  while (offset < content.length) {
    const space = content.indexOf(0x20, offset);
    const nul = content.indexOf(0x00, space);
    if (space < 0 || nul < 0) throw new Error("git returned a malformed tree object");
    entries.push({
      mode: content.subarray(offset, space).toString("latin1"),
      name: content.subarray(space + 1, nul).toString("utf8"),
      oid: content.subarray(nul + 1, nul + 1 + hashBytes).toString("hex"),
    });
    offset = nul + 1 + hashBytes;
  }
  return entries;
}

function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
