// Sign-in with GitHub, the App's user authorisation flow: the browser is sent to GitHub with a
// random state (also sealed in a short-lived cookie), GitHub sends it back with a code, and the
// code is exchanged for a user token. The GitHub base URL is the App's (GitHub Enterprise Server).
import { randomBytes } from "node:crypto";
import { exchangeWebFlowCode, getWebFlowAuthorizationUrl } from "@octokit/oauth-methods";
import { request as octokitRequest } from "@octokit/request";
import { cookieNamed, cookiesOf, type Sealer, setCookie } from "./sealed-cookie.ts";

export interface SignInSettings {
  clientId: string;
  clientSecret: string;
  /** Where GitHub sends the browser back: `<public URL>/runs/-/callback`. */
  callbackUrl: string;
  /** GitHub's REST API (https://api.github.com, or https://<GHES host>/api/v3). */
  apiUrl: string;
}

export interface GitHubUser {
  login: string;
  id: number;
  token: string;
}

const cookie = "coxswain-sign-in";
const minutes = 10;

export class GitHubSignIn {
  readonly #settings: SignInSettings;
  readonly #sealer: Sealer;
  readonly #request: typeof octokitRequest;

  constructor(settings: SignInSettings, sealer: Sealer) {
    this.#settings = settings;
    this.#sealer = sealer;
    this.#request = octokitRequest.defaults({ baseUrl: settings.apiUrl.replace(/\/$/, "") });
  }

  /** Where to send the browser, and the cookie that remembers the state and where it was going. */
  start(returnTo: string, now = Date.now()): { location: string; cookie: string } {
    const state = randomBytes(24).toString("base64url");
    const { url } = getWebFlowAuthorizationUrl({
      clientType: "github-app",
      clientId: this.#settings.clientId,
      redirectUrl: this.#settings.callbackUrl,
      state,
      request: this.#request,
    });
    const sealed = this.#sealer.seal(
      { state, returnTo: returnPath(returnTo) },
      now + minutes * 60_000,
    );
    return { location: url, cookie: setCookie(cookie, sealed, minutes * 60) };
  }

  /** The signed-in user and where they were going, or why not (a forged or stale callback). */
  async finish(
    cookieHeader: string | undefined,
    query: URLSearchParams,
  ): Promise<{ ok: true; user: GitHubUser; returnTo: string } | { ok: false; problem: string }> {
    const sealed = cookiesOf(cookieHeader).get(cookieNamed(cookie));
    const remembered = sealed ? this.#sealer.open(sealed) : undefined;
    const { state, returnTo } = (remembered ?? {}) as { state?: string; returnTo?: string };
    if (!state || state !== query.get("state"))
      return { ok: false, problem: "This sign-in was not started here, or took too long." };
    const code = query.get("code");
    if (!code) return { ok: false, problem: "GitHub did not say who signed in." };
    const { authentication } = await exchangeWebFlowCode({
      clientType: "github-app",
      clientId: this.#settings.clientId,
      clientSecret: this.#settings.clientSecret,
      code,
      redirectUrl: this.#settings.callbackUrl,
      request: this.#request,
    });
    const { data } = await this.#request("GET /user", {
      headers: { authorization: `token ${authentication.token}` },
    });
    return {
      ok: true,
      user: { login: data.login, id: Number(data.id), token: authentication.token },
      returnTo: returnPath(returnTo),
    };
  }

  /** The sign-in cookie is spent once used. */
  static spentCookie(): string {
    return setCookie(cookie, "", 0);
  }
}

/** Where a sign-in may return to: a page of the run history, nothing else (no other site). */
export function returnPath(path: unknown): string {
  return typeof path === "string" && /^\/runs(\/[^\s\\]*)?(\?[^\s]*)?$/.test(path) ? path : "/runs";
}
