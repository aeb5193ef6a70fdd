// GitHub's side of "Sign in with GitHub" for the run history pages: the authorisation page the
// browser is sent to (a Playwright route standing in for GitHub's web page), and the token
// exchange and user-token reads the app makes (nock). Each records what it was sent and checks
// it: the client id, the callback, the state, the code, the token.
import nock from "nock";
import type { Page } from "playwright-core";
import { installationId } from "./webhooks.ts";

export const clientId = "Iv1.runs-test";
export const clientSecret = "runs-client-secret";

export interface GitHubPerson {
  login: string;
  id: number;
  /** The repositories GitHub says this person can read, of the App's installation. */
  readable: string[];
}

export class GitHubSignInDouble {
  readonly #web: nock.Scope;
  readonly #api: nock.Scope;
  readonly #webUrl: string;
  /** Authorisation requests the browser made (their query). */
  readonly authorizations: URLSearchParams[] = [];
  /** Token exchanges the app made (their body). */
  readonly exchanges: Record<string, string>[] = [];
  /** Authorization headers the app sent with the person's token. */
  readonly userRequests: Array<{ path: string; authorization: string }> = [];
  #codes = 0;

  constructor(webUrl: string, apiUrl: string) {
    this.#webUrl = webUrl;
    this.#web = nock(webUrl);
    this.#api = nock(apiUrl);
  }

  /**
   * The next sign-in is `person`'s: GitHub's page sends the browser straight back to the
   * callback (as when they have authorised the App before), with the state it was given.
   */
  async next(page: Page, person: GitHubPerson, callbackUrl: string): Promise<void> {
    const code = `code-${++this.#codes}`;
    const token = `ghu_${person.login}_${this.#codes}`;
    await page.unroute(`${this.#webUrl}/login/oauth/authorize**`);
    await page.route(`${this.#webUrl}/login/oauth/authorize**`, async (route) => {
      const query = new URL(route.request().url()).searchParams;
      this.authorizations.push(query);
      const fine = query.get("client_id") === clientId && query.get("redirect_uri") === callbackUrl;
      if (!fine) return route.fulfill({ status: 400, body: "unknown client or callback" });
      const back = new URL(callbackUrl);
      back.searchParams.set("code", code);
      back.searchParams.set("state", query.get("state") ?? "");
      await route.fulfill({ status: 302, headers: { location: back.toString() } });
    });
    this.#web.post("/login/oauth/access_token").reply(async (request: Request) => {
      const sent = (await request.json()) as Record<string, string>;
      this.exchanges.push(sent);
      if (sent.client_id !== clientId || sent.client_secret !== clientSecret || sent.code !== code)
        return [200, { error: "bad_verification_code" }];
      return [200, { access_token: token, token_type: "bearer", scope: "" }];
    });
    this.reads(person, token);
  }

  /** What GitHub answers `person`'s token: who they are, what of the installation they can read. */
  reads(person: GitHubPerson, token: string): void {
    const answer = (body: () => unknown) => (request: Request) => {
      const authorization = request.headers.get("authorization") ?? "";
      this.userRequests.push({ path: new URL(request.url).pathname, authorization });
      return authorization === `token ${token}`
        ? [200, body()]
        : [401, { message: "Bad credentials" }];
    };
    this.#api
      .get("/user")
      .optionally()
      .reply(answer(() => ({ login: person.login, id: person.id })));
    this.#api
      .get("/user/installations")
      .query(true)
      .times(20)
      .optionally()
      .reply(answer(() => ({ total_count: 1, installations: [{ id: installationId }] })));
    this.#api
      .get(`/user/installations/${installationId}/repositories`)
      .query(true)
      .times(20)
      .optionally()
      .reply(
        answer(() => ({
          total_count: person.readable.length,
          repositories: person.readable.map((fullName, index) => ({
            id: 500 + index,
            full_name: fullName,
          })),
        })),
      );
  }

  done(): void {
    this.#web.done();
  }
}
