// What the browser holds for the run history pages: sealed so it can be neither read nor
// changed, kept apart by purpose, expiring, and set as a __Host- cookie only scripts cannot see.
import { describe, expect, it } from "vitest";
import { returnPath } from "../../app/web/github-sign-in.ts";
import { cookiesOf, sealerFor, setCookie } from "../../app/web/sealed-cookie.ts";
import { csrfMatches, newSession, sessionCookie, sessionOf } from "../../app/web/session.ts";

const sealer = sealerFor("app-secret", "session");

describe("sealed cookies", () => {
  it("opens what it sealed until it expires, and hides what it holds", () => {
    const sealed = sealer.seal({ login: "alice", token: "ghu_secret" }, 2_000);
    expect(sealed).not.toContain("alice");
    expect(Buffer.from(sealed, "base64url").toString("latin1")).not.toContain("ghu_secret");
    expect(sealer.open(sealed, 1_999)).toEqual({ login: "alice", token: "ghu_secret" });
    expect(sealer.open(sealed, 2_000)).toBeUndefined();
  });

  it("refuses a changed value, another key's, another purpose's, and garbage", () => {
    const sealed = sealer.seal({ login: "alice" }, Date.now() + 60_000);
    const bytes = Buffer.from(sealed, "base64url");
    bytes[bytes.length - 1] = (bytes.at(-1) ?? 0) ^ 1;
    expect(sealer.open(bytes.toString("base64url"))).toBeUndefined();
    expect(sealerFor("other-secret", "session").open(sealed)).toBeUndefined();
    expect(sealerFor("app-secret", "sign-in").open(sealed)).toBeUndefined();
    for (const garbage of ["", "x", "a".repeat(200), "%%%"])
      expect(sealer.open(garbage), garbage).toBeUndefined();
  });

  it("sets __Host- cookies: HttpOnly, Secure, SameSite=Lax, path /", () => {
    expect(setCookie("s", "v", 60)).toBe(
      "__Host-s=v; Path=/; Max-Age=60; HttpOnly; Secure; SameSite=Lax",
    );
    expect(cookiesOf("a=1; __Host-s=two=2; a=3").get("a")).toBe("1");
    expect(cookiesOf("__Host-s=two=2").get("__Host-s")).toBe("two=2");
  });
});

describe("sessions", () => {
  it("reads the session back from its cookie, and checks a form's token against it", () => {
    const session = newSession("alice", 11, "ghu_t");
    const header = sessionCookie(session, sealer).split(";")[0] ?? "";
    const read = sessionOf({ headers: { cookie: header } } as never, sealer);
    expect(read).toEqual(session);
    expect(csrfMatches(session, session.csrf)).toBe(true);
    expect(csrfMatches(session, `${session.csrf}x`)).toBe(false);
    expect(csrfMatches(session, undefined)).toBe(false);
    expect(newSession("alice", 11, "ghu_t").csrf).not.toBe(session.csrf);
  });
});

describe("where a sign-in returns", () => {
  it.each([
    ["/runs", "/runs"],
    [
      "/runs/acme/pipelines/pipelines/train?phase=Failed&older=5~u",
      "/runs/acme/pipelines/pipelines/train?phase=Failed&older=5~u",
    ],
    ["https://evil.example/runs", "/runs"],
    ["//evil.example/runs", "/runs"],
    ["/runsevil", "/runs"],
    ["/runs/\\evil", "/runs"],
    ["/runs/x\r\nset-cookie: a=b", "/runs"],
    [undefined, "/runs"],
  ])("%j → %s", (given, expected) => {
    expect(returnPath(given)).toBe(expected);
  });
});
