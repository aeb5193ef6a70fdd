// A signed-in person's session, kept sealed in a cookie: who they are on GitHub, the user token
// the App was given for them (to ask GitHub what they may read), and the token every form they
// are shown carries (CSRF).
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { cookieNamed, cookiesOf, type Sealer, setCookie } from "./sealed-cookie.ts";

export interface Session {
  login: string;
  userId: number;
  token: string;
  csrf: string;
}

/** GitHub's user tokens for Apps last 8 hours: a session does not outlive its token. */
export const sessionHours = 8;
const cookie = "coxswain-session";

export function newSession(login: string, userId: number, token: string): Session {
  return { login, userId, token, csrf: randomBytes(24).toString("base64url") };
}

export function sessionOf(req: IncomingMessage, sealer: Sealer): Session | undefined {
  const sealed = cookiesOf(req.headers.cookie).get(cookieNamed(cookie));
  const value = sealed ? sealer.open(sealed) : undefined;
  if (!value || typeof value !== "object") return undefined;
  const { login, userId, token, csrf } = value as Partial<Session>;
  if (typeof login !== "string" || typeof token !== "string" || typeof csrf !== "string")
    return undefined;
  return { login, userId: Number(userId), token, csrf };
}

export function sessionCookie(session: Session, sealer: Sealer, now = Date.now()): string {
  const seconds = sessionHours * 3600;
  return setCookie(cookie, sealer.seal(session, now + seconds * 1000), seconds);
}

export function endedSessionCookie(): string {
  return setCookie(cookie, "", 0);
}

/** The form's token is the session's (compared in constant time). */
export function csrfMatches(session: Session, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(session.csrf);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
