// How much disk a mirror takes: measured in full after each fetch, and watched while a fetch
// still receives its pack, so that one fetch cannot fill the cache all mirrors share first.
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";

/** Bytes of the files under `dir` (0 when it does not exist). */
export async function directoryBytes(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(
    ignoreMissing([]),
  );
  const sizes = await Promise.all(
    entries
      .filter((entry) => entry.isFile())
      .map((entry) => fileBytes(join(entry.parentPath, entry.name))),
  );
  return sizes.reduce((sum, size) => sum + size, 0);
}

/** The packs in the mirror at `dir` (each fetch adds one). */
export async function packCount(dir: string): Promise<number> {
  const names = await readdir(join(dir, "objects", "pack")).catch(ignoreMissing([]));
  return names.filter((name) => name.endsWith(".pack")).length;
}

export interface IncomingPackWatch {
  /** Aborted once the packs being received pass the allowance. */
  signal: AbortSignal;
  /** Bytes received when the allowance was passed (0 while it was not). */
  readonly receivedBytes: number;
  stop(): void;
}

const pollMs = 200;

/**
 * Watches the packs a fetch is writing into the mirror at `dir` (git's index-pack streams each
 * into `objects/pack/tmp_*` as it arrives) and aborts when they pass `allowanceBytes`.
 */
export function watchIncomingPacks(dir: string, allowanceBytes: number): IncomingPackWatch {
  const controller = new AbortController();
  const packDir = join(dir, "objects", "pack");
  let receivedBytes = 0;
  let polling = false;
  const timer = setInterval(() => {
    if (polling || controller.signal.aborted) return;
    polling = true;
    incomingBytes(packDir)
      .then((bytes) => {
        if (bytes > allowanceBytes && !controller.signal.aborted) {
          receivedBytes = bytes;
          controller.abort();
        }
      })
      .catch(() => {}) // the next poll tries again; the fetch's own size check still follows
      .finally(() => {
        polling = false;
      });
  }, pollMs);
  timer.unref();
  return {
    signal: controller.signal,
    get receivedBytes() {
      return receivedBytes;
    },
    stop: () => clearInterval(timer),
  };
}

async function incomingBytes(packDir: string): Promise<number> {
  const names = await readdir(packDir).catch(ignoreMissing([]));
  const sizes = await Promise.all(
    names.filter((name) => name.startsWith("tmp_")).map((name) => fileBytes(join(packDir, name))),
  );
  return sizes.reduce((sum, size) => sum + size, 0);
}

/** A file's size; 0 for one that git removed (or renamed) since it was listed. */
async function fileBytes(path: string): Promise<number> {
  return (await stat(path).catch(ignoreMissing(undefined)))?.size ?? 0;
}

function ignoreMissing<T>(fallback: T): (error: unknown) => T {
  return (error) => {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return fallback;
    throw error;
  };
}
