// The run history pages under /runs, on the app's own server and port: sign-in with GitHub, then
// repositories → pipelines → runs. A person sees a repository only when the App is installed on
// it, the server policy maps it to a namespace, and GitHub says they can read it (anything else
// is "not found", the same as a name that does not exist). Rerun goes through the same use case
// and permission check as every other channel.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { namespaceForRepository } from "../config/server-policy.ts";
import { readBoundedBody } from "../util/bounded-body.ts";
import { GitHubSignIn } from "./github-sign-in.ts";
import { type Html, html } from "./html.ts";
import { layout } from "./pages/layout.ts";
import { messagePage } from "./pages/message-page.ts";
import { ReadableRepositories, type RepositoryReader } from "./readable-repositories.ts";
import { type RunsReads, runsRoutes } from "./runs-routes.ts";
import { sealerFor } from "./sealed-cookie.ts";
import {
  csrfMatches,
  endedSessionCookie,
  newSession,
  type Session,
  sessionCookie,
  sessionOf,
} from "./session.ts";
import { type Asset, loadAssets } from "./static-assets.ts";

export interface RunsSiteSettings {
  clientId: string;
  clientSecret: string;
  /** The app's address as browsers reach it (https://coxswain.example.com). */
  publicUrl: string;
  /** A secret only the app holds; the session and sign-in keys are derived from it. */
  secret: string;
  githubUrl: string;
  githubApiUrl: string;
  argoUiUrl?: string;
}

const contentSecurityPolicy =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
/** A form's body is a few tokens. */
const maxFormBytes = 4096;

export function runsSite(
  settings: RunsSiteSettings,
  reads: RunsReads,
  log: Logger,
  readable: RepositoryReader = new ReadableRepositories(settings.githubApiUrl),
): (req: IncomingMessage, res: ServerResponse) => boolean {
  const sessions = sealerFor(settings.secret, "session");
  const signIn = new GitHubSignIn(
    {
      clientId: settings.clientId,
      clientSecret: settings.clientSecret,
      callbackUrl: `${settings.publicUrl.replace(/\/$/, "")}/runs/-/callback`,
      apiUrl: settings.githubApiUrl,
    },
    sealerFor(settings.secret, "sign-in"),
  );
  const assets = loadAssets();
  const origin = new URL(settings.publicUrl).origin;
  const routes = runsRoutes(settings, reads);

  const signInRoutes = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (url.pathname === "/runs/-/sign-in") {
      const started = signIn.start(url.searchParams.get("return") ?? "/runs");
      res.writeHead(302, { location: started.location, "set-cookie": started.cookie }).end();
      return;
    }
    const finished = await signIn.finish(req.headers.cookie, url.searchParams);
    if (!finished.ok) {
      const page = messagePage(
        "Sign-in failed",
        html`${finished.problem}`,
        undefined,
        signInLink("/runs"),
      );
      return send(res, 400, page);
    }
    const { user } = finished;
    log.info({ login: user.login }, "signed in to the run history");
    const session = sessionCookie(newSession(user.login, user.id, user.token), sessions);
    res
      .writeHead(303, {
        location: finished.returnTo,
        "set-cookie": [session, GitHubSignIn.spentCookie()],
      })
      .end();
  };

  /** A form: sent from here (Origin), with the session's CSRF token, then acted on. */
  const formRoutes = async (
    req: IncomingMessage,
    res: ServerResponse,
    session: Session,
    path: string,
  ) => {
    const refuse = (why: Html) => send(res, 403, messagePage("Refused", why, session));
    if (req.headers.origin !== undefined && req.headers.origin !== origin)
      return refuse(html`This form was sent from another site.`);
    const body = await readBoundedBody(req, res, maxFormBytes);
    if (!body) return;
    const form = new URLSearchParams(body.toString("utf8"));
    if (!csrfMatches(session, form.get("csrf") ?? undefined))
      return refuse(html`This form has expired; go back, reload the page and try again.`);
    if (path === "/runs/-/sign-out") {
      res.writeHead(303, { location: "/runs", "set-cookie": endedSessionCookie() }).end();
      return;
    }
    const answer = await routes.post(path, form, session, await visible(session));
    send(res, answer.status, answer.page);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const path = url.pathname;
    if (path.startsWith("/runs/-/assets/")) return serveAsset(res, assets.get(path.slice(15)));
    if ((path === "/runs/-/sign-in" || path === "/runs/-/callback") && req.method === "GET")
      return signInRoutes(req, res, url);
    const session = sessionOf(req, sessions);
    if (!session) {
      if (req.method !== "GET" && req.method !== "HEAD")
        return send(res, 403, messagePage("Signed out", html`Sign in first.`, undefined));
      return send(res, 401, signInPage(path + url.search));
    }
    if (req.method === "POST") return formRoutes(req, res, session, path);
    if (req.method !== "GET" && req.method !== "HEAD")
      return send(res, 405, messagePage("Not allowed", html`Use GET.`, session));
    const answer = await routes.get(path, url.searchParams, session, await visible(session));
    return send(res, answer.status, answer.page);
  };

  /** The repositories this person may see: readable on GitHub and mapped by the server policy. */
  const visible = async (session: Session): Promise<Map<string, string>> => {
    const names = await readable.of(session.token);
    const shown = new Map<string, string>();
    for (const [key, name] of names)
      if (namespaceForRepository(reads.services.server, name).ok) shown.set(key, name);
    return shown;
  };

  return (req, res) => {
    const url = new URL(req.url ?? "/", "http://coxswain.invalid");
    if (url.pathname !== "/runs" && !url.pathname.startsWith("/runs/")) return false;
    res.setHeader("content-security-policy", contentSecurityPolicy);
    res.setHeader("x-content-type-options", "nosniff");
    res.setHeader("referrer-policy", "same-origin");
    res.setHeader("cross-origin-opener-policy", "same-origin");
    handle(req, res, url).catch((error: unknown) => {
      const status = (error as { status?: number }).status;
      if (status === 401) {
        // The user token has expired or was revoked: sign in again.
        res.setHeader("set-cookie", endedSessionCookie());
        return send(res, 401, signInPage(url.pathname + url.search));
      }
      log.error({ err: error, path: url.pathname }, "run history page failed");
      send(
        res,
        500,
        layout(
          "Something went wrong",
          [],
          html`<p>The page could not be made; the error is in coxswain's log.</p>`,
          undefined,
        ),
      );
    });
    return true;
  };
}

function send(res: ServerResponse, status: number, page: string): void {
  if (res.headersSent) return;
  res
    .writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" })
    .end(page);
}

function serveAsset(res: ServerResponse, asset: Asset | undefined): void {
  if (!asset) {
    res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
    return;
  }
  res
    .writeHead(200, { "content-type": asset.type, "cache-control": "public, max-age=3600" })
    .end(asset.body);
}

function signInLink(returnTo: string): { href: string; label: string } {
  return {
    href: `/runs/-/sign-in?return=${encodeURIComponent(returnTo)}`,
    label: "Sign in with GitHub",
  };
}

function signInPage(returnTo: string): string {
  const link = signInLink(returnTo);
  const content: Html = html`<p>The run history shows the runs of the repositories you can read on GitHub.</p>
<p class="signin"><a href="${link.href}">${link.label}</a></p>`;
  return layout("Sign in", [], content, undefined);
}
