// A repository's files in a temp folder, read through the same snapshot interface as Git.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { directorySnapshot } from "../../app/git/directory-snapshot.ts";
import type { RepoSnapshot } from "../../app/git/repo-mirror.ts";

export interface TempRepoDir {
  dir: string;
  snapshot: RepoSnapshot;
  cleanup(): Promise<void>;
}

export async function tempRepoDir(files: Record<string, string | Buffer>): Promise<TempRepoDir> {
  const dir = await mkdtemp(join(tmpdir(), "coxswain-repo-"));
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return {
    dir,
    snapshot: directorySnapshot(dir),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
