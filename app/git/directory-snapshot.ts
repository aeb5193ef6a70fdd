// A repository read from a folder on disk (`coxswain lint` in a checkout), with the same
// interface as a commit read from the mirror, so both go through the same validation.
import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import type { FileEntry, RepoSnapshot } from "./repo-mirror.ts";

const skipped = new Set([".git", "node_modules"]);

export function directorySnapshot(root: string, label = "working tree"): RepoSnapshot {
  const list = async (folders: readonly string[]): Promise<FileEntry[]> => {
    const entries: FileEntry[] = [];
    const walk = async (dir: string): Promise<void> => {
      const names = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
        a.name < b.name ? -1 : 1,
      );
      for (const entry of names) {
        const full = join(dir, entry.name);
        if (entry.isDirectory()) {
          if (!skipped.has(entry.name)) await walk(full);
        } else if (entry.isFile()) {
          const path = relative(root, full).split(sep).join("/");
          if (folders.some((folder) => folder === "" || path.startsWith(folder))) {
            entries.push({ path, size: (await stat(full)).size, oid: path });
          }
        }
      }
    };
    await walk(root);
    return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  };
  const readBlobs = async (entries: readonly FileEntry[]) =>
    new Map(
      await Promise.all(
        entries.map(async (entry) => [entry.path, await readFile(join(root, entry.path))] as const),
      ),
    );
  return {
    sha: label,
    listFiles: list,
    readBlobs,
    async readText(path) {
      try {
        return await readFile(join(root, path), "utf8");
      } catch {
        return undefined;
      }
    },
  };
}
