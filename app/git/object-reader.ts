// Reads objects from a repository through one long-lived `git cat-file --batch-command`
// process: a read is a line on a pipe, not a new process (which costs milliseconds each on
// the path from a merge webhook to its run). Requests are pipelined; answers come in order.
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";

export interface GitObject {
  oid: string;
  type: "blob" | "tree" | "commit" | "tag";
  size: number;
  /** Present when the contents were asked for. */
  content?: Buffer;
}

interface Pending {
  wantsContent: boolean;
  resolve: (object: GitObject | undefined) => void;
  reject: (error: Error) => void;
}

/** Closes an idle process so a quiet repository holds no process open. */
const idleMs = 60_000;

export class ObjectReader {
  readonly #dir: string;
  #process: ChildProcessWithoutNullStreams | undefined;
  readonly #pending: Pending[] = [];
  #buffer: Buffer = Buffer.alloc(0);
  #idle: NodeJS.Timeout | undefined;

  constructor(gitDir: string) {
    this.#dir = gitDir;
  }

  /** Type and size of an object (`<sha>`, `<sha>:<path>`, …), or undefined when missing. */
  info(object: string): Promise<GitObject | undefined> {
    return this.#request(`info ${object}`, false);
  }

  /** The object with its contents, or undefined when missing. */
  contents(object: string): Promise<GitObject | undefined> {
    return this.#request(`contents ${object}`, true);
  }

  /** Stops the process (a later read starts a new one, e.g. to see objects just fetched). */
  close(): void {
    const child = this.#process;
    this.#process = undefined;
    clearTimeout(this.#idle);
    if (!child) return;
    this.#fail(new Error("git object reader closed"));
    child.stdin.end();
    child.kill();
  }

  #request(command: string, wantsContent: boolean): Promise<GitObject | undefined> {
    if (/[\n\r]/.test(command)) {
      return Promise.reject(new Error("an object name cannot contain a line break"));
    }
    const child = this.#running();
    return new Promise((resolve, reject) => {
      this.#pending.push({ wantsContent, resolve, reject });
      child.stdin.write(`${command}\n`);
    });
  }

  #running(): ChildProcessWithoutNullStreams {
    clearTimeout(this.#idle);
    if (this.#process) {
      this.#ref(this.#process, true);
      return this.#process;
    }
    const child = spawn("git", ["cat-file", "--batch-command"], {
      cwd: this.#dir,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (text: string) => {
      stderr = (stderr + text).slice(-2000);
    });
    child.stdout.on("data", (chunk: Buffer) => this.#receive(chunk));
    child.stdin.on("error", () => {}); // the exit handler reports a dead process
    child.on("error", (error) => this.#died(child, error));
    child.on("exit", (code, signal) =>
      this.#died(
        child,
        new Error(`git cat-file stopped (${signal ?? `exit ${code}`}): ${stderr.trim()}`),
      ),
    );
    this.#process = child;
    this.#buffer = Buffer.alloc(0);
    return child;
  }

  #died(child: ChildProcessWithoutNullStreams, error: Error): void {
    if (this.#process !== child) return;
    this.#process = undefined;
    clearTimeout(this.#idle);
    this.#fail(error);
  }

  #fail(error: Error): void {
    for (const pending of this.#pending.splice(0)) pending.reject(error);
    this.#buffer = Buffer.alloc(0);
  }

  #receive(chunk: Buffer): void {
    this.#buffer = this.#buffer.length ? Buffer.concat([this.#buffer, chunk]) : chunk;
    for (;;) {
      const next = this.#pending[0];
      if (!next) break;
      const eol = this.#buffer.indexOf(0x0a);
      if (eol < 0) break;
      const header = this.#buffer.subarray(0, eol).toString("utf8");
      const parsed = parseHeader(header);
      if (!parsed) {
        this.#pending.shift();
        this.#buffer = this.#buffer.subarray(eol + 1);
        next.resolve(undefined);
        continue;
      }
      if (!next.wantsContent) {
        this.#pending.shift();
        this.#buffer = this.#buffer.subarray(eol + 1);
        next.resolve(parsed);
        continue;
      }
      const end = eol + 1 + parsed.size;
      if (this.#buffer.length < end + 1) break; // the contents and their closing line break
      const content = Buffer.from(this.#buffer.subarray(eol + 1, end));
      this.#pending.shift();
      this.#buffer = this.#buffer.subarray(end + 1);
      next.resolve({ ...parsed, content });
    }
    if (this.#pending.length === 0 && this.#process) this.#whenIdle(this.#process);
  }

  #whenIdle(child: ChildProcessWithoutNullStreams): void {
    this.#ref(child, false);
    clearTimeout(this.#idle);
    this.#idle = setTimeout(() => {
      if (this.#process === child && this.#pending.length === 0) this.close();
    }, idleMs);
    this.#idle.unref();
  }

  /** An idle reader must not keep the process alive; one with reads in flight must. */
  #ref(child: ChildProcessWithoutNullStreams, busy: boolean): void {
    // The pipes of a spawned process are sockets, which can be unreferenced like the process.
    const handles = [child, child.stdin, child.stdout, child.stderr] as unknown as Refable[];
    for (const handle of handles) {
      if (busy) handle.ref();
      else handle.unref();
    }
  }
}

interface Refable {
  ref(): void;
  unref(): void;
}

/** `<oid> <type> <size>`, or undefined for `<name> missing` / `<name> ambiguous`. */
function parseHeader(header: string): Omit<GitObject, "content"> | undefined {
  const match = /^([0-9a-f]{40,64}) (blob|tree|commit|tag) (\d+)$/.exec(header);
  if (!match) return undefined;
  return {
    oid: match[1] as string,
    type: match[2] as GitObject["type"],
    size: Number(match[3]),
  };
}
