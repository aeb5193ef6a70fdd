// A throwaway PostgreSQL server on 127.0.0.1 for the ledger's tests, from Debian's packages
// (.ci/run installs them): initdb into a temp folder, start on a free port, drop at the end.
// As root it runs the server as the `postgres` user, as PostgreSQL requires.
import { execFile } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { chmod, chown, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface TestPostgres {
  /** A new empty database's URL. */
  database(): Promise<string>;
  stop(): Promise<void>;
}

function binDir(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  const found = versions
    .map((v) => join(root, v, "bin"))
    .find((dir) => existsSync(join(dir, "initdb")));
  if (!found) throw new Error("PostgreSQL is not installed (apt-get install -y postgresql)");
  return found;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export async function startPostgres(): Promise<TestPostgres> {
  const bin = binDir();
  const dir = await mkdtemp(join(tmpdir(), "coxswain-pg-"));
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    const { stdout } = await run("id", ["-u", "postgres"]);
    const { stdout: gid } = await run("id", ["-g", "postgres"]);
    await chown(dir, Number(stdout), Number(gid));
    await chmod(dir, 0o700);
  }
  const as = (command: string, args: string[]) =>
    asRoot
      ? run("runuser", ["-u", "postgres", "--", join(bin, command), ...args])
      : run(join(bin, command), args);
  const data = join(dir, "data");
  const port = await freePort();
  await as("initdb", ["-D", data, "-A", "trust", "-U", "coxswain", "--no-sync", "-E", "UTF8"]);
  await as("pg_ctl", [
    "-D",
    data,
    "-l",
    join(dir, "server.log"),
    "-o",
    `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off`,
    "-w",
    "start",
  ]);
  let databases = 0;
  return {
    async database() {
      const name = `ledger_${++databases}`;
      await run(join(bin, "psql"), [
        "-h",
        "127.0.0.1",
        "-p",
        String(port),
        "-U",
        "coxswain",
        "-d",
        "postgres",
        "-c",
        `CREATE DATABASE ${name}`,
      ]);
      return `postgres://coxswain@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      await as("pg_ctl", ["-D", data, "-m", "immediate", "stop"]).catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}
