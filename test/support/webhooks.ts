// Webhook payloads for tests, taken from @octokit/webhooks-examples and changed only where
// the test needs it (which repository, which commit, the installation).
import { createRequire } from "node:module";

const examples = createRequire(import.meta.url)(
  "@octokit/webhooks-examples/api.github.com/index.json",
) as Array<{
  name: string;
  examples: Array<Record<string, unknown>>;
}>;

export interface TestRepository {
  /** GitHub's id of the repository (the example's own when left out). */
  id?: number;
  fullName: string;
  cloneUrl: string;
  defaultBranch?: string;
}

export const installationId = 2;

function example(
  name: string,
  pick: (payload: Record<string, unknown>) => boolean,
): Record<string, unknown> {
  const found = examples.find((entry) => entry.name === name)?.examples.find(pick);
  if (!found) throw new Error(`no ${name} example matches`);
  return structuredClone(found);
}

function withRepository(payload: Record<string, unknown>, repo: TestRepository): void {
  const [owner = "", name = ""] = repo.fullName.split("/");
  const repository = payload.repository as Record<string, unknown>;
  Object.assign(repository, {
    ...(repo.id !== undefined ? { id: repo.id } : {}),
    full_name: repo.fullName,
    name,
    clone_url: repo.cloneUrl,
    default_branch: repo.defaultBranch ?? "main",
  });
  Object.assign(repository.owner as Record<string, unknown>, { login: owner, name: owner });
  payload.installation = {
    id: installationId,
    node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMg==",
  };
}

/**
 * A push of `after` onto the default branch. `files` (path → content, null for deleted) become
 * the payload's one commit, as GitHub lists the files each pushed commit changed; without them
 * the payload lists no commits and the app asks Git what changed.
 */
export function pushPayload(
  repo: TestRepository,
  after: string,
  before = "0".repeat(40),
  files?: Record<string, string | null>,
): Record<string, unknown> {
  const payload = example("push", (p) => p.ref === "refs/heads/master" && p.deleted === false);
  withRepository(payload, repo);
  const [commit] = payload.commits as Array<Record<string, unknown>>;
  const commits = files
    ? [
        {
          ...commit,
          id: after,
          added: [],
          modified: Object.keys(files).filter((path) => files[path] !== null),
          removed: Object.keys(files).filter((path) => files[path] === null),
        },
      ]
    : [];
  Object.assign(payload, {
    ref: `refs/heads/${repo.defaultBranch ?? "main"}`,
    after,
    before,
    commits,
    forced: false,
  });
  return payload;
}

export function pullRequestPayload(
  action: "opened" | "synchronize" | "reopened",
  repo: TestRepository,
  pull: { number: number; headSha: string; baseSha?: string; fromFork?: boolean },
): Record<string, unknown> {
  const payload = example(
    "pull_request",
    (p) => p.action === action && p.installation !== undefined,
  );
  withRepository(payload, repo);
  const pr = payload.pull_request as Record<string, Record<string, unknown>>;
  payload.number = pull.number;
  Object.assign(pr, { number: pull.number });
  Object.assign(pr.head as Record<string, unknown>, { sha: pull.headSha });
  Object.assign(pr.base as Record<string, unknown>, { ref: repo.defaultBranch ?? "main" });
  if (pull.baseSha) Object.assign(pr.base as Record<string, unknown>, { sha: pull.baseSha });
  const headRepo = (pr.head as { repo: Record<string, unknown> }).repo;
  if (pull.fromFork) {
    Object.assign(headRepo, { full_name: `fork-owner/${repo.fullName.split("/")[1]}`, fork: true });
  } else {
    Object.assign(headRepo, { full_name: repo.fullName, fork: false });
  }
  return payload;
}

/** GitHub's "Re-run" on a check run; `pullRequests` as GitHub lists them (empty for forks). */
export function checkRunRerequested(
  name: string,
  headSha: string,
  repo: TestRepository,
  pullRequests: number[] = [],
  externalId = "",
  /** Who pressed "Re-run". */
  sender = "octocat",
): Record<string, unknown> {
  const payload = example("check_run", (p) => p.action === "rerequested");
  withRepository(payload, repo);
  (payload.sender as Record<string, unknown>).login = sender;
  const checkRun = payload.check_run as Record<string, unknown>;
  Object.assign(checkRun, {
    name,
    head_sha: headSha,
    external_id: externalId,
    pull_requests: pullRequests.map((number) => ({
      number,
      id: number,
      url: "",
      head: {},
      base: {},
    })),
  });
  return payload;
}

export interface TestComment {
  number: number;
  body: string;
  login?: string;
  commentId?: number;
  /** false: a comment on an issue rather than a pull request. */
  onPullRequest?: boolean;
  senderType?: "User" | "Bot";
}

/** A new comment on pull request `number` (GitHub sends it as an issue_comment). */
export function issueCommentPayload(
  repo: TestRepository,
  comment: TestComment,
): Record<string, unknown> {
  const payload = example(
    "issue_comment",
    (p) => p.action === "created" && p.installation !== undefined,
  );
  withRepository(payload, repo);
  const issue = payload.issue as Record<string, unknown>;
  issue.number = comment.number;
  if (comment.onPullRequest === false) delete issue.pull_request;
  else
    issue.pull_request = {
      url: `https://api.github.com/repos/${repo.fullName}/pulls/${comment.number}`,
      html_url: `https://github.com/${repo.fullName}/pull/${comment.number}`,
    };
  Object.assign(payload.comment as Record<string, unknown>, {
    id: comment.commentId ?? 1001,
    body: comment.body,
  });
  Object.assign((payload.comment as { user: Record<string, unknown> }).user, {
    login: comment.login ?? "octocat",
  });
  Object.assign(payload.sender as Record<string, unknown>, {
    login: comment.login ?? "octocat",
    type: comment.senderType ?? "User",
  });
  return payload;
}

type ListedRepository = { id: number; fullName: string };

function listed(repositories: readonly ListedRepository[]) {
  return repositories.map((repository) => ({
    id: repository.id,
    node_id: `R_${repository.id}`,
    name: repository.fullName.split("/")[1] ?? "",
    full_name: repository.fullName,
    private: true,
  }));
}

function withInstallation(payload: Record<string, unknown>): void {
  Object.assign(payload.installation as Record<string, unknown>, { id: installationId });
}

/** The App installed (`created`, with these repositories) or uninstalled (`deleted`). */
export function installationPayload(
  action: "created" | "deleted",
  repositories: readonly ListedRepository[],
): Record<string, unknown> {
  const payload = example(
    "installation",
    (p) => p.action === action && p.installation !== undefined,
  );
  withInstallation(payload);
  payload.repositories = listed(repositories);
  return payload;
}

/** Repositories added to or removed from the App's installation. */
export function installationRepositoriesPayload(
  action: "added" | "removed",
  repositories: readonly ListedRepository[],
): Record<string, unknown> {
  const payload = example("installation_repositories", (p) => p.action === action);
  withInstallation(payload);
  payload.repositories_added = action === "added" ? listed(repositories) : [];
  payload.repositories_removed = action === "removed" ? listed(repositories) : [];
  return payload;
}

/** The repository renamed: `repo` is its new name, `from` the old one (without the owner). */
export function repositoryRenamedPayload(
  repo: TestRepository,
  from: string,
): Record<string, unknown> {
  const payload = example("repository", (p) => p.action === "renamed");
  withRepository(payload, repo);
  payload.changes = { repository: { name: { from } } };
  return payload;
}

/** A pull request closed, merged or not. */
export function pullRequestClosedPayload(
  repo: TestRepository,
  number: number,
  merged: boolean,
): Record<string, unknown> {
  const payload = example(
    "pull_request",
    (p) => p.action === "closed" && p.installation !== undefined,
  );
  withRepository(payload, repo);
  payload.number = number;
  Object.assign(payload.pull_request as Record<string, unknown>, { number, merged });
  return payload;
}
