// The installations' repositories, listed page by page with conditional requests: an unchanged
// page answered 304 (free against the rate limit) is taken from the cache; a failed
// installation makes the listing incomplete rather than shorter.
import nock from "nock";
import { pino } from "pino";
import { Probot, ProbotOctokit } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Octokit } from "../../app/github/check-runs.ts";
import { InstallationRepositories } from "../../app/github/served-repositories.ts";
import { DoubleViolations } from "../support/double-violations.ts";
import { githubApi, testPrivateKey } from "../support/probot-harness.ts";

const violations = new DoubleViolations("GitHub's REST API double");
let probot: Probot;
let listing: InstallationRepositories;
const requests: string[] = [];

beforeEach(() => {
  nock.disableNetConnect();
  violations.watchUnmatched(githubApi);
  requests.length = 0;
  probot = new Probot({
    appId: 1,
    privateKey: testPrivateKey,
    secret: "s",
    log: pino({ level: "silent" }),
    Octokit: ProbotOctokit.defaults((options: Record<string, unknown>) => ({
      ...options,
      retry: { enabled: false },
      throttle: { ...(options.throttle as object), enabled: false },
    })),
  });
  listing = new InstallationRepositories(
    async () => (await probot.auth()) as unknown as Octokit,
    async (id) => (await probot.auth(id)) as unknown as Octokit,
  );
});
afterEach(() => {
  nock.cleanAll();
  violations.assertNone();
});

const repo = (id: number) => ({
  id,
  name: `r${id}`,
  full_name: `acme/r${id}`,
  clone_url: `https://github.com/acme/r${id}.git`,
  default_branch: "main",
});

/** Answers with the page and its ETag, or 304 when asked with that ETag. */
function page(path: string, pageNumber: number, etag: string, body: unknown, next: boolean) {
  return (request: Request) => {
    requests.push(`${path}?page=${pageNumber} ${request.headers.get("if-none-match") ?? "-"}`);
    if (request.headers.get("if-none-match") === etag) return [304, ""];
    const link = next
      ? { link: `<${githubApi}${path}?per_page=100&page=${pageNumber + 1}>; rel="next"` }
      : {};
    return [200, body, { etag, ...link }];
  };
}

describe("InstallationRepositories", () => {
  it("follows pages, then answers from its cache for every page GitHub says is unchanged", async () => {
    const scope = nock(githubApi);
    scope
      .get("/app/installations")
      .query({ per_page: "100", page: "1" })
      .times(2)
      .reply(page("/app/installations", 1, '"i1"', [{ id: 2 }, { id: 3 }], false));
    for (const id of [2, 3])
      scope.post(`/app/installations/${id}/access_tokens`).reply(201, {
        token: `t${id}`,
        expires_at: new Date(Date.now() + 3_600_000).toISOString(),
      });
    scope
      .get("/installation/repositories")
      .query({ per_page: "100", page: "1" })
      .times(4)
      .reply((request: Request) =>
        request.headers.get("authorization") === "token t2"
          ? page(
              "/installation/repositories",
              1,
              '"a1"',
              { repositories: [repo(1)] },
              true,
            )(request)
          : page(
              "/installation/repositories",
              1,
              '"b1"',
              { repositories: [repo(9)] },
              false,
            )(request),
      );
    scope
      .get("/installation/repositories")
      .query({ per_page: "100", page: "2" })
      .times(2)
      .reply(page("/installation/repositories", 2, '"a2"', { repositories: [repo(2)] }, false));

    const first = await listing.list();
    const second = await listing.list();
    expect(first.repositories.map((r) => [r.installationId, r.fullName])).toEqual([
      [2, "acme/r1"],
      [2, "acme/r2"],
      [3, "acme/r9"],
    ]);
    expect(second.repositories).toEqual(first.repositories);
    expect([first.fetched, first.notModified, second.fetched, second.notModified]).toEqual([
      4, 0, 0, 4,
    ]);
    expect(second.complete).toBe(true);
    expect(requests.slice(4)).toEqual([
      '/app/installations?page=1 "i1"',
      '/installation/repositories?page=1 "a1"',
      '/installation/repositories?page=2 "a2"',
      '/installation/repositories?page=1 "b1"',
    ]);
    scope.done();
  });

  it("says the listing is incomplete when an installation cannot be listed", async () => {
    nock(githubApi)
      .get("/app/installations")
      .query(true)
      .reply(200, [{ id: 2 }, { id: 3 }])
      .post("/app/installations/2/access_tokens")
      .reply(201, { token: "t2", expires_at: new Date(Date.now() + 3_600_000).toISOString() })
      .post("/app/installations/3/access_tokens")
      .reply(201, { token: "t3", expires_at: new Date(Date.now() + 3_600_000).toISOString() })
      .get("/installation/repositories")
      .query(true)
      .times(2)
      .reply((request: Request) =>
        request.headers.get("authorization") === "token t2"
          ? [200, { repositories: [repo(1)] }]
          : [502, { message: "bad gateway" }],
      );
    const listed = await listing.list();
    expect(listed.complete).toBe(false);
    expect(listed.repositories.map((r) => r.fullName)).toEqual(["acme/r1"]);
  });
});
