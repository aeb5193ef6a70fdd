// Reads a repository at a commit without a checkout: one cached bare mirror per repository,
// fetched by commit sha with the installation token, objects read through one `git cat-file`.
// A mirror holds only what a sync or a run reads (no blob over the per-file limit), and is
// removed, the request refused, when a fetch makes it larger than the per-repository limit.
import { appendFile, mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { CheckRepoActions, type SimpleGit, simpleGit } from "simple-git";
import { KeyedMutex } from "../util/keyed-mutex.ts";
import { commitSnapshot } from "./commit-snapshot.ts";
import type { GitTrust } from "./git-trust.ts";
import { directoryBytes, packCount, watchIncomingPacks } from "./mirror-size.ts";
import { ObjectReader } from "./object-reader.ts";
import { fetchCommit, remoteBranchHead } from "./remote-git.ts";
import { RepositoryTooLargeError } from "./repository-too-large.ts";

/**
 * Packs a mirror holds before a fetch lets git's automatic maintenance run: each fetch adds one,
 * and git's gc (gc.autoPackLimit, 50) joins them once there are more than 50.
 */
const packsBeforeMaintenance = 50;

export interface RemoteRepo {
  /** `owner/name`, used for the cache folder. */
  fullName: string;
  cloneUrl: string;
  /** Installation token for an https remote; never logged. */
  token?: string;
}

export interface FileEntry {
  path: string;
  /** Bytes; for an `omitted` blob, the limit it is larger than. */
  size: number;
  oid: string;
  /** The mirror left this blob out for being larger than its per-file limit: it cannot be read. */
  omitted?: true;
}

/** A repository's tree at one commit. */
export interface RepoSnapshot {
  sha: string;
  /** File ids are git blob ids: the same id, the same content (what a cache may key on). */
  contentAddressed?: boolean;
  /** Blobs under the given folders ("" = whole tree), in path order. */
  listFiles(folders: readonly string[]): Promise<FileEntry[]>;
  readBlobs(entries: readonly FileEntry[]): Promise<Map<string, Buffer>>;
  readText(path: string): Promise<string | undefined>;
}

/** The server policy's `limits` that bound what the mirrors keep. */
export interface MirrorLimits {
  /** A blob larger than this is never fetched (it is listed, as `omitted`). */
  maxFileBytes: number;
  /** A fetch that leaves a mirror larger than this removes the mirror and is refused. */
  maxRepositoryBytes: number;
}

export class GitMirrors {
  readonly #cacheDir: string;
  readonly #limits: MirrorLimits;
  readonly #trust: GitTrust;
  readonly #locks = new KeyedMutex();
  readonly #mirrors = new Map<string, Promise<Mirror>>();

  /** `trust`: the CAs git trusts for https remotes (from `gitTrustFor`); default: git's own. */
  constructor(cacheDir: string, limits: MirrorLimits, trust: GitTrust = {}) {
    this.#cacheDir = cacheDir;
    this.#limits = limits;
    this.#trust = trust;
  }

  /**
   * Makes sure the mirror has `sha` (fetching it, or `fallbackRefs`, if missing). Throws a
   * RepositoryTooLargeError when the fetch makes the mirror larger than its limit.
   */
  async snapshot(
    remote: RemoteRepo,
    sha: string,
    fallbackRefs: string[] = [],
  ): Promise<RepoSnapshot> {
    const mirror = await this.#locks.run(remote.fullName, async () => {
      const mirror = await this.#open(remote.fullName);
      if (!(await hasCommit(mirror.objects, sha))) {
        await this.#fetch(mirror, remote, sha, fallbackRefs);
        if (!(await hasCommit(mirror.objects, sha))) {
          throw new Error(`commit ${sha} is not in ${remote.fullName} after fetching it`);
        }
      }
      return mirror;
    });
    return commitSnapshot(mirror.objects, sha, this.#limits.maxFileBytes);
  }

  /** The sha a branch points at on the remote, without fetching it. */
  async remoteHead(remote: RemoteRepo, branch: string): Promise<string | undefined> {
    const { dir } = await this.#open(remote.fullName);
    return remoteBranchHead(dir, remote, branch, this.#trust);
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

  /** Stops the mirrors' object readers (at shutdown; a later read starts them again). */
  close(): void {
    for (const opened of this.#mirrors.values()) {
      void opened.then((mirror) => mirror.objects.close()).catch(() => {});
    }
  }

  async #fetch(mirror: Mirror, remote: RemoteRepo, sha: string, refs: string[]): Promise<void> {
    const limit = this.#limits.maxRepositoryBytes;
    const maintenance = (await packCount(mirror.dir)) >= packsBeforeMaintenance;
    const incoming = watchIncomingPacks(mirror.dir, limit - mirror.bytes);
    try {
      await fetchCommit(mirror.dir, remote, sha, refs, {
        blobLimit: this.#limits.maxFileBytes + 1, // git's limit leaves out blobs of this size and more
        signal: incoming.signal,
        trust: this.#trust,
        maintenance,
      });
    } catch (error) {
      if (incoming.signal.aborted) {
        const bytes = mirror.bytes + incoming.receivedBytes;
        await this.#refuse(mirror, remote.fullName, bytes, true);
      }
      throw error;
    } finally {
      incoming.stop();
    }
    // The object reader goes on: git looks again for new packs (and loose objects) whenever an
    // object is not found, so it sees what the fetch brought (a new process would cost a spawn).
    mirror.bytes = await directoryBytes(mirror.dir);
    if (mirror.bytes > limit) await this.#refuse(mirror, remote.fullName, mirror.bytes, false);
  }

  async #refuse(
    mirror: Mirror,
    repository: string,
    bytes: number,
    fetchStopped: boolean,
  ): Promise<never> {
    mirror.objects.close();
    this.#mirrors.delete(repository);
    await rm(mirror.dir, { recursive: true, force: true });
    const { maxRepositoryBytes: limitBytes, maxFileBytes: fileLimitBytes } = this.#limits;
    throw new RepositoryTooLargeError({
      repository,
      bytes,
      limitBytes,
      fileLimitBytes,
      fetchStopped,
    });
  }

  /** The mirror of a repository, created on first use (once, however many calls race for it). */
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
    let bytes = await directoryBytes(dir);
    if (bytes > this.#limits.maxRepositoryBytes) {
      // Left from before the limit (or a lower one): a cache, so it is fetched again.
      await rm(dir, { recursive: true, force: true });
      bytes = 0;
    }
    await mkdir(dir, { recursive: true });
    const git = simpleGit({ baseDir: dir });
    // The gc a fetch may start finishes before the fetch returns: the size measured after a
    // fetch is final, and no gc goes on writing into a mirror that is being removed.
    if (await git.checkIsRepo(CheckRepoActions.BARE).catch(() => false)) {
      await git.addConfig("gc.autoDetach", "false");
    } else {
      // Not --quiet, and the setting written with the file rather than by `git config`:
      // simple-git waits another 50 ms for each command that prints nothing.
      await git.raw(["init", "--bare", "--initial-branch=main"]);
      await appendFile(join(dir, "config"), "[gc]\n\tautoDetach = false\n");
    }
    return { dir, git, objects: new ObjectReader(dir), bytes };
  }
}

interface Mirror {
  dir: string;
  git: SimpleGit;
  objects: ObjectReader;
  /** The mirror's size on disk, as measured when it was opened and after each fetch. */
  bytes: number;
}

async function hasCommit(objects: ObjectReader, sha: string): Promise<boolean> {
  if (!/^[0-9a-f]{40,64}$/.test(sha)) return false;
  const found = await objects.info(sha);
  return found?.type === "commit" && found.oid === sha;
}
