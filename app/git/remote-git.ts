// The git commands that talk to a repository's remote: fetch a commit into a mirror, ask for a
// branch's head. The installation token reaches git only through its environment (read by
// `--config-env`), never its command line, which any local user can read in /proc/*/cmdline;
// the remote comes after `--`, so a URL that starts with `-` is never taken for an option.
// The CAs git trusts are given on the command line too (`-c http.sslCAInfo`): simple-git drops
// inherited GIT_* variables, so a GIT_SSL_CAINFO set for the process never reaches git.
import { type SimpleGit, simpleGit } from "simple-git";
import type { GitTrust } from "./git-trust.ts";
import type { RemoteRepo } from "./repo-mirror.ts";

/** The fetch's name for the remote: it exists only on the fetch's command line. */
const remoteName = "origin";
const authorizationVariable = "COXSWAIN_GIT_AUTHORIZATION";
/** The commit fetched last (by sha): what the next fetch negotiates from. */
const lastFetchedRef = "refs/coxswain/last-fetched";

export interface FetchOptions {
  /** Blobs of this many bytes or more stay on the remote (listed by their trees, never read). */
  blobLimit: number;
  /** Stops the fetch (the mirror's size watch aborts it). */
  signal: AbortSignal;
  trust: GitTrust;
  /**
   * Let git's automatic maintenance (a gc once packs pile up) run after the fetch. Checking
   * costs a process per fetch (~7 ms of a one-file sync's ~100), so the mirror asks for it only
   * when it holds enough packs for the gc to be due.
   */
  maintenance: boolean;
}

/** Fetches `sha` into the mirror at `dir`, or the refs that hold it if the remote refuses a sha. */
export async function fetchCommit(
  dir: string,
  remote: RemoteRepo,
  sha: string,
  refs: readonly string[],
  options: FetchOptions,
): Promise<void> {
  // The remote is a promisor remote (which `--filter` needs) only for this command and the gc it
  // starts: the mirror's own config names no promisor, so a read of a blob the filter left out
  // answers "missing" and can never start a lazy fetch (git 2.39 has no switch to turn lazy
  // fetches off; with a promisor configured, `cat-file` fetches the blob, or exits trying).
  // Fetching from a named remote, not a bare URL, also keeps git from writing the URL into the
  // mirror's config as a promisor remote.
  const partialClone = [
    ...["-c", `remote.${remoteName}.url=${remote.cloneUrl}`],
    ...["-c", `remote.${remoteName}.promisor=true`],
    ...["-c", `remote.${remoteName}.partialCloneFilter=blob:limit=${options.blobLimit}`],
  ];
  const fetch = (refspecs: string[]) =>
    withRemote(remote, () =>
      remoteGit(dir, remote, options.trust, options.signal).raw([
        ...partialClone,
        ...authorization(remote),
        ...(options.maintenance ? [] : ["-c", "maintenance.auto=false"]),
        "fetch",
        // Not --quiet: simple-git waits another 50 ms for a command that printed nothing.
        "--no-tags",
        `--filter=blob:limit=${options.blobLimit}`,
        "--",
        remoteName,
        ...refspecs,
      ]),
    );
  try {
    // Kept in a ref, so the next fetch names it as a commit the mirror has and receives only
    // what is new (without any ref, every fetch received the whole tree again).
    await fetch([`+${sha}:${lastFetchedRef}`]);
  } catch (error) {
    // Servers that refuse a bare sha still serve the branch or pull ref that holds it.
    if (refs.length === 0 || options.signal.aborted) throw error;
    await fetch(refs.map((ref) => `+${ref}:${ref}`));
  }
}

/** The sha `refs/heads/<branch>` points at on the remote, without fetching anything. */
export async function remoteBranchHead(
  dir: string,
  remote: RemoteRepo,
  branch: string,
  trust: GitTrust,
): Promise<string | undefined> {
  const out = await withRemote(remote, () =>
    remoteGit(dir, remote, trust).raw([
      ...authorization(remote),
      "ls-remote",
      "--",
      remote.cloneUrl,
      `refs/heads/${branch}`,
    ]),
  );
  return out.split(/\s/)[0] || undefined;
}

/**
 * Runs a git command that talks to the remote. A failure names the repository and carries
 * git's message with the token taken out, should git ever repeat it.
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
    const hint = certificateRefused.test(message)
      ? ` (if the server's certificate is signed by a private CA, set NODE_EXTRA_CA_CERTS to the CA's PEM file)`
      : "";
    throw new Error(`git could not reach ${remote.fullName}: ${message.trim()}${hint}`);
  }
}

/** git's words for a server certificate it does not trust (GnuTLS's, then OpenSSL's). */
const certificateRefused = /server certificate verification failed|SSL certificate problem/i;

/** A git for one remote command: its own environment, so the token goes to this command only. */
function remoteGit(
  dir: string,
  remote: RemoteRepo,
  trust: GitTrust,
  signal?: AbortSignal,
): SimpleGit {
  const env: Record<string, string> = { ...inheritedEnvironment(), GIT_TERMINAL_PROMPT: "0" };
  const token = tokenFor(remote);
  if (token) env[authorizationVariable] = `Authorization: Basic ${basicAuth(token)}`;
  return simpleGit({
    baseDir: dir,
    allowEnvironment: ["GIT_TERMINAL_PROMPT"],
    abort: signal,
    config: trust.caFile ? [`http.sslCAInfo=${trust.caFile}`] : [],
  }).env(env);
}

function authorization(remote: RemoteRepo): string[] {
  return tokenFor(remote) ? [`--config-env=http.extraHeader=${authorizationVariable}`] : [];
}

/** The token, for an https remote only: never sent in clear text or to another transport. */
function tokenFor(remote: RemoteRepo): string | undefined {
  return remote.cloneUrl.startsWith("https://") ? remote.token : undefined;
}

function basicAuth(token: string): string {
  return Buffer.from(`x-access-token:${token}`).toString("base64");
}

/**
 * The environment simple-git would pass on by itself. An environment given to `.env()` replaces
 * the inherited one, and simple-git refuses one that holds the variables it guards (every
 * GIT_*, EDITOR and the like, which npm sets), so those are left out here as simple-git does.
 */
function inheritedEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !guardedVariable.test(key)) env[key] = value;
  }
  return env;
}

const guardedVariable = /^(git_.*|editor|visual|pager|prefix|ssh_askpass)$/i;
