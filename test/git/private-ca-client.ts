// Started by private-ca.test.ts in a child process, because Node reads NODE_EXTRA_CA_CERTS only
// when a process starts. It wires the git mirrors and the GitHub API client as app/main.ts does,
// from its own environment (and a `.env`, when given one), fetches a commit over https and asks
// the GitHub API for the App, then prints what happened as one JSON line.
import { createProbot, ProbotOctokit } from "probot";
import { settingsFromEnv } from "../../app/config/env.ts";
import { gitTrustFor } from "../../app/git/git-trust.ts";
import { GitMirrors, type RemoteRepo } from "../../app/git/repo-mirror.ts";

export interface ClientTask {
  remote: RemoteRepo;
  sha: string;
  /** The file of `sha` to read. */
  path: string;
  /** Loaded as app/main.ts loads `.env`: after the process started. */
  dotEnv?: string;
}

export interface ClientOutcome {
  /** Why coxswain would refuse to start. */
  startup?: string;
  /** The CA bundle written for git. */
  caFile?: string;
  git?: { text?: string; error?: string };
  /** `GET /app` as the App: its slug, or the error with the `code` of each of its causes. */
  api?: { slug?: string; error?: string; codes?: string[] };
}

const limits = { maxFileBytes: 256 * 1024, maxRepositoryBytes: 100 << 20 };
const task = JSON.parse(process.argv[2] ?? "{}") as ClientTask;
if (task.dotEnv) process.loadEnvFile(task.dotEnv);
const loaded = settingsFromEnv(process.env);
if (!loaded.ok) throw new Error(loaded.error);
const { settings } = loaded;
const trust = await gitTrustFor(settings.extraCaFile, settings.gitCacheDir);
let outcome: ClientOutcome;
if (trust.ok) {
  const mirrors = new GitMirrors(settings.gitCacheDir, limits, trust.trust);
  outcome = { ...trust.trust, git: await fetchFile(mirrors), api: await getApp() };
} else {
  outcome = { startup: trust.error };
}
process.stdout.write(`${JSON.stringify(outcome)}\n`);

async function fetchFile(mirrors: GitMirrors): Promise<ClientOutcome["git"]> {
  try {
    const snapshot = await mirrors.snapshot(task.remote, task.sha);
    return { text: await snapshot.readText(task.path) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** Probot's client for GHE_HOST, as `run()` builds it; without retries, so a refusal is quick. */
async function getApp(): Promise<ClientOutcome["api"]> {
  const Octokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
    ...options,
    retry: { enabled: false },
    throttle: { ...(options.throttle as object), enabled: false },
  }));
  try {
    const octokit = await createProbot({ env: process.env, overrides: { Octokit } }).auth();
    const { data } = await octokit.request("GET /app");
    return { slug: data?.slug };
  } catch (error) {
    const codes: string[] = [];
    for (let cause: unknown = error; cause instanceof Error; cause = cause.cause) {
      const code = (cause as { code?: unknown }).code;
      if (typeof code === "string") codes.push(code);
    }
    return { error: (error as Error).message, codes };
  }
}
