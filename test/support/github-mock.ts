// GitHub's REST API for one repository, intercepted with nock. Every interception is
// declared by the test; anything else fails the test, even if the app swallows nock's error.
// Every body it accepts, on its own interceptors and on those a test adds to `scope`, is
// checked against GitHub's published schema of the endpoint; one the schema refuses fails the
// test (and the double's own interceptors answer it with GitHub's 422).
// (nock 15 hands a reply function the request itself; a two-argument function means callback style.)
import nock from "nock";
import { DoubleViolations } from "./double-violations.ts";
import { bodyProblem, invalidRequest } from "./github-request-bodies.ts";
import { githubApi } from "./probot-harness.ts";
import { installationId } from "./webhooks.ts";

type RequestBody = Record<string, unknown>;

export interface CheckRunUpdate {
  id: number;
  body: RequestBody;
}

/** GitHub's rate limit on the reporter's requests, as `rateLimit()` sets it. */
interface RateLimitWindow {
  limit: number;
  windowMs: number;
  used: number;
  /** When the window ends (ms, on a whole second, as GitHub's x-ratelimit-reset is in seconds). */
  resetAt: number;
}

/** A reporting request the double answered while metering the rate limit. */
export interface MeteredAnswer {
  at: number;
  status: number;
  method: string;
  path: string;
  /** x-ratelimit-remaining of the answer. */
  remaining: number;
  resetAt: number;
}

const rateLimitDocs =
  "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api";

export class GitHubMock {
  readonly scope: nock.Scope;
  readonly created: Array<{ id: number; body: RequestBody }> = [];
  readonly updates: CheckRunUpdate[] = [];
  /** Bodies GitHub's schema refuses and requests no test declared: they fail the test. */
  readonly violations = new DoubleViolations("GitHub's REST API double");
  readonly #repoPath: string;
  #nextId = 100;
  #tokenIssued = false;

  readonly #baseUrl: string;
  /** The API root's path (`/api/v3` on GitHub Enterprise Server), left off the schemas' paths. */
  readonly #rootPath: string;

  constructor(fullName: string, baseUrl = githubApi) {
    this.#baseUrl = baseUrl;
    this.#rootPath = new URL(baseUrl).pathname.replace(/\/$/, "");
    this.scope = this.#checkedScope();
    this.violations.watchUnmatched(new URL(baseUrl).origin);
    this.#repoPath = `/repos/${fullName}`;
  }

  /** A scope whose every accepted body is checked against GitHub's schema. */
  #checkedScope(): nock.Scope {
    const scope = nock(this.#baseUrl);
    scope.on("request", (request: Request, _interceptor: unknown, body: string) => {
      const problem = bodyProblem(request.method, this.#pathOf(request), body);
      if (problem) this.violations.add(problem);
    });
    return scope;
  }

  #pathOf(request: Request): string {
    return new URL(request.url).pathname.slice(this.#rootPath.length);
  }

  /** Answers `status` and what `answer` makes of the body, or 422 if GitHub's schema refuses it. */
  #accepting(status: number, answer: (body: RequestBody, request: Request) => unknown) {
    return async (request: Request) => {
      const text = await request.text();
      const problem = bodyProblem(request.method, this.#pathOf(request), text);
      if (problem) return [422, invalidRequest(problem)];
      return [status, answer(text === "" ? {} : (JSON.parse(text) as RequestBody), request)];
    };
  }

  /** Probot caches the installation token, so only the first call expects a request. */
  installationToken(): this {
    if (this.#tokenIssued) return this;
    this.#tokenIssued = true;
    this.scope.post(`/app/installations/${installationId}/access_tokens`).reply(
      this.#accepting(201, () => ({
        token: "ghs_installation_token",
        expires_at: new Date(Date.now() + 3_600_000).toISOString(),
      })),
    );
    return this;
  }

  existingCheckRuns(sha: string, name: string, count = 0): this {
    this.scope
      .get(`${this.#repoPath}/commits/${sha}/check-runs`)
      .query({ check_name: name, filter: "all" })
      .reply(200, { total_count: count, check_runs: [] });
    return this;
  }

  /** Expects a check run to be started on `sha` and then completed (with `updates` requests). */
  checkRun(name: string, sha: string, updates = 1): this {
    const id = this.#nextId++;
    this.scope
      .post(`${this.#repoPath}/check-runs`, (body) => body.name === name && body.head_sha === sha)
      .reply(
        this.#accepting(201, (body) => {
          this.created.push({ id, body });
          return { id, name, head_sha: sha, status: "in_progress" };
        }),
      );
    this.scope
      .patch(`${this.#repoPath}/check-runs/${id}`)
      .times(updates)
      .reply(
        this.#accepting(200, (body) => {
          this.updates.push({ id, body });
          return { id };
        }),
      );
    return this;
  }

  /** The completing update of the check run started for `sha` with `name`. */
  completion(name: string, sha: string): RequestBody {
    const started = this.created.find(({ body }) => body.name === name && body.head_sha === sha);
    const update = this.updates.find((u) => u.id === started?.id && u.body.status === "completed");
    if (!update) throw new Error(`no completed ${name} check run for ${sha}`);
    return update.body;
  }

  /** Comments on issues and PRs: the ones the App posted, and any a test says a person wrote. */
  readonly comments: Array<{ number: number; body: string; author?: string }> = [];
  #commentId = 5000;

  reaction(commentId: number, content = "eyes"): this {
    this.scope
      .post(
        `${this.#repoPath}/issues/comments/${commentId}/reactions`,
        (body) => body.content === content,
      )
      .reply(this.#accepting(201, () => ({ id: 1, content })));
    return this;
  }

  /** The pull request; its head is in this repository unless `head.repo` names a fork. */
  pullRequest(
    number: number,
    head: { sha: string; ref?: string; repo?: string },
    base: { sha: string; ref?: string },
  ): this {
    const full = this.#repoPath.replace("/repos/", "");
    this.scope.get(`${this.#repoPath}/pulls/${number}`).reply(200, {
      number,
      head: { sha: head.sha, ref: head.ref ?? "change", repo: { full_name: head.repo ?? full } },
      base: { sha: base.sha, ref: base.ref ?? "main", repo: { full_name: full } },
    });
    return this;
  }

  permission(login: string, roleName: string): this {
    const legacy = roleName === "maintain" ? "write" : roleName === "triage" ? "read" : roleName;
    this.scope
      .get(`${this.#repoPath}/collaborators/${login}/permission`)
      .reply(200, { permission: legacy, role_name: roleName, user: { login } });
    return this;
  }

  /** Expects `times` new comments on issue/PR `number`, recorded in `comments`. */
  commentsOn(number: number, times = 1): this {
    this.scope
      .post(`${this.#repoPath}/issues/${number}/comments`)
      .times(times)
      .reply(
        this.#accepting(201, (sent) => {
          const body = String(sent.body);
          this.comments.push({ number, body });
          return { id: this.#commentId++, body };
        }),
      );
    return this;
  }

  /** Expects a queued `name` check run for a run on `sha` (created by /run). */
  queuedCheckRun(name: string, sha: string): this {
    const id = this.#nextId++;
    this.scope
      .post(
        `${this.#repoPath}/check-runs`,
        (body) => body.name === name && body.head_sha === sha && body.status === "queued",
      )
      .reply(
        this.#accepting(201, (body) => {
          this.created.push({ id, body });
          return { id, name, head_sha: sha, status: "queued" };
        }),
      );
    return this;
  }

  /** Updates of check runs (any id) and of comments, recorded in order. */
  readonly checkRunUpdates: Array<{ id: number; body: RequestBody }> = [];
  readonly commentUpdates: Array<{ id: number; body: string }> = [];
  /** The next this-many check-run updates fail with 502, as in a GitHub outage. */
  outage = 0;
  #window: RateLimitWindow | undefined;
  /** With `rateLimit()`: every reporting request answered, in order, with the headers' figures. */
  readonly metered: MeteredAnswer[] = [];

  /**
   * The reporting answers carry GitHub's rate-limit headers: `limit` requests a window of
   * `windowMs` that starts with the first request after the last one ended; a request beyond the
   * limit is refused with GitHub's 403 (`x-ratelimit-remaining: 0`) until the reset.
   */
  rateLimit(limit: number, windowMs: number): this {
    this.#window = { limit, windowMs, used: 0, resetAt: 0 };
    return this;
  }

  /** Someone else (webhooks, another app of the installation) spends the window; it ends in `resetInMs`. */
  spendWindow(resetInMs: number): this {
    if (!this.#window) throw new Error("spendWindow needs rateLimit() first");
    this.#window.used = this.#window.limit;
    this.#window.resetAt = wholeSecondAfter(Date.now() + resetInMs);
    return this;
  }

  /** Requests the double refused because the window was spent. */
  get refusals(): MeteredAnswer[] {
    return this.metered.filter((answer) => answer.status === 403);
  }

  /** Answers as `answer` does, counted against the rate limit and carrying its headers. */
  #metered(answer: (request: Request) => Promise<unknown[]> | unknown[]) {
    return async (request: Request) => {
      const window = this.#window;
      if (!window) return answer(request);
      const now = Date.now();
      if (now >= window.resetAt) {
        window.used = 0;
        window.resetAt = wholeSecondAfter(now + window.windowMs);
      }
      const refused = window.used >= window.limit;
      if (!refused) window.used++;
      const remaining = window.limit - window.used;
      const headers = {
        "x-ratelimit-limit": String(window.limit),
        "x-ratelimit-remaining": String(remaining),
        "x-ratelimit-used": String(window.used),
        "x-ratelimit-reset": String(window.resetAt / 1000),
        "x-ratelimit-resource": "core",
      };
      const [status, body] = refused
        ? [
            403,
            {
              message: `API rate limit exceeded for installation ID ${installationId}.`,
              documentation_url: rateLimitDocs,
            },
          ]
        : await answer(request);
      this.metered.push({
        at: now,
        status: Number(status),
        method: request.method,
        path: this.#pathOf(request),
        remaining,
        resetAt: window.resetAt,
      });
      return [status, body, headers];
    };
  }

  /**
   * What the run reporter does, answered as often as it happens (its own scope, so `done()`
   * still checks the rest): check-run and comment updates, listing and posting PR comments.
   */
  reporting(pr: number): this {
    const reporter = this.#checkedScope().persist();
    const idOf = (request: Request) => Number(new URL(request.url).pathname.split("/").pop());
    const checkRunUpdate = this.#accepting(200, (body, request) => {
      this.checkRunUpdates.push({ id: idOf(request), body });
      return { id: idOf(request) };
    });
    reporter.patch(/\/repos\/[^/]+\/[^/]+\/check-runs\/\d+$/).reply(
      this.#metered(async (request: Request) => {
        if (this.outage > 0) {
          this.outage--;
          return [502, { message: "Server Error" }];
        }
        return checkRunUpdate(request);
      }),
    );
    reporter.patch(/\/repos\/[^/]+\/[^/]+\/issues\/comments\/\d+$/).reply(
      this.#metered(
        this.#accepting(200, (body, request) => {
          this.commentUpdates.push({ id: idOf(request), body: String(body.body) });
          return { id: idOf(request) };
        }),
      ),
    );
    reporter
      .get(`${this.#repoPath}/issues/${pr}/comments`)
      .query(true)
      .reply(
        this.#metered(() => [
          200,
          this.comments
            .filter((c) => c.number === pr)
            .map((c, i) => ({ id: 9000 + i, body: c.body, ...authorOf(c.author) })),
        ]),
      );
    reporter.post(`${this.#repoPath}/issues/${pr}/comments`).reply(
      this.#metered(
        this.#accepting(201, (sent) => {
          const body = String(sent.body);
          this.comments.push({ number: pr, body });
          return { id: this.#commentId++, body };
        }),
      ),
    );
    return this;
  }

  /** A comment a person wrote on PR `number` (listed with the App's own). */
  commentBy(author: string, number: number, body: string): this {
    this.comments.push({ number, body, author });
    return this;
  }

  /** The App asks which installation covers the repository (a Slack request names it). */
  repoInstallation(): this {
    this.scope.get(`${this.#repoPath}/installation`).reply(200, { id: installationId });
    return this;
  }

  /** The repository itself: its name, clone URL and default branch. */
  repository(cloneUrl: string, defaultBranch = "main", id?: number): this {
    const [owner = "", name = ""] = this.#repoPath.replace("/repos/", "").split("/");
    this.scope.get(this.#repoPath).reply(200, {
      ...(id !== undefined ? { id } : {}),
      name,
      full_name: `${owner}/${name}`,
      owner: { login: owner },
      clone_url: cloneUrl,
      default_branch: defaultBranch,
    });
    return this;
  }

  /**
   * The App's installations and the repositories each reaches, as the reconciler lists them:
   * `times` listings, each answered with the page and its ETag, or 304 when the request
   * carries that ETag (GitHub's conditional request). Requests are recorded in `listings`.
   */
  readonly listings: Array<{ path: string; status: number }> = [];
  installationListing(
    repositories: Array<{ id: number; fullName: string; cloneUrl: string; defaultBranch?: string }>,
    times = 1,
  ): this {
    const answer = (path: string, etag: string, body: unknown) => (request: Request) => {
      const status = request.headers.get("if-none-match") === etag ? 304 : 200;
      this.listings.push({ path, status });
      return status === 304 ? [304, ""] : [200, body, { etag }];
    };
    this.scope
      .get("/app/installations")
      .query(true)
      .times(times)
      .reply(answer("/app/installations", '"installations-v1"', [{ id: installationId }]));
    const listed = repositories.map((repository) => {
      const [owner = "", name = ""] = repository.fullName.split("/");
      return {
        id: repository.id,
        name,
        full_name: repository.fullName,
        owner: { login: owner },
        clone_url: repository.cloneUrl,
        default_branch: repository.defaultBranch ?? "main",
      };
    });
    const etag = `"repositories-${listed.map((r) => r.id).join("-")}"`;
    this.scope
      .get("/installation/repositories")
      .query(true)
      .times(times)
      .reply(
        answer("/installation/repositories", etag, {
          total_count: listed.length,
          repositories: listed,
        }),
      );
    return this;
  }

  /** The `coxswain/sync` check runs of `sha` as the reconciler asks for them. */
  syncChecksOf(sha: string, status: "completed" | "in_progress" | "none", times = 1): this {
    this.scope
      .get(`${this.#repoPath}/commits/${sha}/check-runs`)
      .query({ check_name: "coxswain/sync", filter: "latest" })
      .times(times)
      .reply(200, {
        total_count: status === "none" ? 0 : 1,
        check_runs:
          status === "none" ? [] : [{ id: 1, name: "coxswain/sync", head_sha: sha, status }],
      });
    return this;
  }

  done(): void {
    this.scope.done();
  }
}

function wholeSecondAfter(time: number): number {
  return Math.ceil(time / 1000) * 1000;
}

/** How GitHub lists a comment's author: the App's bot (the harness' App id is 1), or a person. */
function authorOf(author: string | undefined) {
  return author === undefined
    ? {
        user: { login: "coxswain[bot]", type: "Bot" },
        performed_via_github_app: { id: 1, slug: "coxswain" },
      }
    : { user: { login: author, type: "User" }, performed_via_github_app: null };
}
