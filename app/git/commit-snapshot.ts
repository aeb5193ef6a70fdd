// A commit of a mirror as a RepoSnapshot: its tree listed and its blobs read through the
// mirror's object reader. Blobs the mirror's filter left out (larger than its per-file limit)
// are still listed, marked `omitted`, and never read.
import type { ObjectReader } from "./object-reader.ts";
import type { FileEntry, RepoSnapshot } from "./repo-mirror.ts";

const readBatch = 200;

/** `fileLimitBytes`: the mirror fetches no blob larger than this. */
export function commitSnapshot(
  objects: ObjectReader,
  sha: string,
  fileLimitBytes: number,
): RepoSnapshot {
  const tooLarge = (path: string) =>
    new Error(
      `${path} is more than ${fileLimitBytes} bytes, the server policy's limit per file (limits.maxFileBytes): coxswain does not fetch files that large`,
    );
  const listFiles = async (folders: readonly string[]): Promise<FileEntry[]> => {
    const roots = folders.includes("") || folders.length === 0 ? [""] : folders;
    const found = new Map<string, FileEntry>();
    const tree = { objects, sha, fileLimitBytes, found };
    await Promise.all(roots.map((root) => collectBlobs(tree, root.replace(/\/+$/, ""))));
    return [...found.values()].sort((a, b) => compareBytes(a.path, b.path));
  };
  const readBlobs = async (entries: readonly FileEntry[]) => {
    const omitted = entries.find((entry) => entry.omitted);
    if (omitted) throw tooLarge(omitted.path);
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
    contentAddressed: true,
    listFiles,
    readBlobs,
    async readText(path) {
      const object = await objects.contents(`${sha}:${path}`);
      if (object) return object.type === "blob" ? object.content?.toString("utf8") : undefined;
      // Missing: no such file, or a blob the filter left out (its folder's tree still names it).
      if ((await leftOutBlob(objects, sha, path)) !== undefined) throw tooLarge(path);
      return undefined;
    },
  };
}

interface CommitTree {
  objects: ObjectReader;
  sha: string;
  fileLimitBytes: number;
  /** The blobs collected so far, by path. */
  found: Map<string, FileEntry>;
}

/** Adds the blobs at or under `path` (a file or a folder; "" is the root) to `tree.found`. */
async function collectBlobs(tree: CommitTree, path: string): Promise<void> {
  const { objects, sha, found } = tree;
  const top = await objects.contents(path === "" ? `${sha}^{tree}` : `${sha}:${path}`);
  if (!top) {
    const oid = path === "" ? undefined : await leftOutBlob(objects, sha, path);
    if (oid) found.set(path, leftOut(path, oid, tree.fileLimitBytes));
    return;
  }
  if (top.type === "blob") {
    found.set(path, { path, size: top.size, oid: top.oid });
    return;
  }
  if (top.type !== "tree" || !top.content) return;
  const entries = parseTree(top.content, top.oid.length / 2).map((entry) => ({
    ...entry,
    path: path === "" ? entry.name : `${path}/${entry.name}`,
  }));
  await Promise.all(
    entries.map(async (entry) => {
      if (entry.mode === treeMode) return collectBlobs(tree, entry.path);
      if (!isFileMode(entry.mode)) return; // a submodule: a commit of another repository
      const info = await objects.info(entry.oid);
      if (info?.type === "blob") {
        found.set(entry.path, { path: entry.path, size: info.size, oid: entry.oid });
      } else if (!info) {
        found.set(entry.path, leftOut(entry.path, entry.oid, tree.fileLimitBytes));
      }
    }),
  );
}

/** The mirror's filter left this blob out: it is larger than the per-file limit. */
function leftOut(path: string, oid: string, fileLimitBytes: number): FileEntry {
  return { path, size: fileLimitBytes, oid, omitted: true };
}

/** The oid of the blob at `path` when its folder names it but the mirror does not hold it. */
async function leftOutBlob(
  objects: ObjectReader,
  sha: string,
  path: string,
): Promise<string | undefined> {
  const slash = path.lastIndexOf("/");
  const folder = await objects.contents(
    slash < 0 ? `${sha}^{tree}` : `${sha}:${path.slice(0, slash)}`,
  );
  if (folder?.type !== "tree" || !folder.content) return undefined;
  const name = path.slice(slash + 1);
  const entry = parseTree(folder.content, folder.oid.length / 2).find(
    (candidate) => candidate.name === name && isFileMode(candidate.mode),
  );
  if (!entry || (await objects.info(entry.oid))) return undefined;
  return entry.oid;
}

const treeMode = "40000";
const submoduleMode = "160000";

/** Everything else in a tree is a blob: a file (100644, 100755, old 100664) or a symlink. */
function isFileMode(mode: string): boolean {
  return mode !== treeMode && mode !== submoduleMode;
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
