// The run history pages asked without a browser: a signed-in person's session made as the app
// makes it (sealed with the app's secret), a form sent with its CSRF token, and the page's
// message read back as text.
import { randomBytes } from "node:crypto";
import type { RunsSiteSettings } from "../../app/web/runs-site.ts";
import { sealerFor } from "../../app/web/sealed-cookie.ts";
import { newSession, sessionCookie } from "../../app/web/session.ts";
import { clientId, clientSecret } from "./github-sign-in.ts";
import { webhookSecret } from "./test-server.ts";

export const webSession = {
  /** The run history's settings on a test server at `base` (GitHub at its usual address). */
  settings(base: string): RunsSiteSettings {
    return {
      clientId,
      clientSecret,
      publicUrl: base,
      secret: webhookSecret,
      githubUrl: "https://github.com",
      githubApiUrl: "https://api.github.com",
    };
  },

  /** Sends a page's form as `login` (whose GitHub token is `token`); the page's message. */
  async post(base: string, path: string, login: string, token: string): Promise<string> {
    const session = newSession(login, 1, token);
    const cookie = sessionCookie(session, sealerFor(webhookSecret, "session")).split(";")[0];
    const form = new URLSearchParams({
      csrf: session.csrf,
      request: randomBytes(18).toString("base64url"),
    });
    const answer = await fetch(`${base}${path}`, {
      method: "POST",
      headers: {
        cookie: cookie ?? "",
        origin: base,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: form.toString(),
    });
    return messageOf(await answer.text());
  },
};

/** The text of the page's message (<p role="status">), tags dropped and entities decoded. */
function messageOf(page: string): string {
  const message = /<p role="status" class="message">([\s\S]*?)<\/p>/.exec(page)?.[1];
  if (message === undefined) throw new Error(`no message on the page:\n${page.slice(0, 2000)}`);
  return message
    .replace(/<[^>]*>/g, "")
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
}
