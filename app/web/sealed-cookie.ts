// Values the browser holds for us (the session, a sign-in in progress), sealed with AES-256-GCM
// under a key derived from a secret only the app holds: the browser can neither read nor change
// them, and any replica can open them (nothing is kept in memory between requests).
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

export interface Sealer {
  seal(value: unknown, expiresAt: number): string;
  /** The value, or undefined when it is not ours, was changed, or has expired. */
  open(sealed: string, now?: number): unknown;
}

/** `purpose` keeps the kinds apart: a sealed sign-in state never opens as a session. */
export function sealerFor(secret: string, purpose: string): Sealer {
  const key = Buffer.from(hkdfSync("sha256", secret, "coxswain", `web ${purpose} v1`, 32));
  return {
    seal(value, expiresAt) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const body = Buffer.concat([
        cipher.update(JSON.stringify({ value, expiresAt }), "utf8"),
        cipher.final(),
      ]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
    },
    open(sealed, now = Date.now()) {
      const bytes = Buffer.from(sealed, "base64url");
      if (bytes.length < 29) return undefined;
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, 12));
        decipher.setAuthTag(bytes.subarray(12, 28));
        const text = Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]);
        const { value, expiresAt } = JSON.parse(text.toString("utf8")) as {
          value: unknown;
          expiresAt: number;
        };
        return typeof expiresAt === "number" && expiresAt > now ? value : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

/** The cookies of a request, by name (the first of a name wins). */
export function cookiesOf(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const pair of (header ?? "").split(";")) {
    const at = pair.indexOf("=");
    if (at < 0) continue;
    const name = pair.slice(0, at).trim();
    if (!cookies.has(name)) cookies.set(name, pair.slice(at + 1).trim());
  }
  return cookies;
}

/**
 * A `__Host-` cookie: sent only over HTTPS (browsers count http://localhost as secure), only
 * to this host, never readable by scripts.
 */
export function setCookie(name: string, value: string, maxAgeSeconds: number): string {
  return `__Host-${name}=${value}; Path=/; Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}; HttpOnly; Secure; SameSite=Lax`;
}

export function cookieNamed(name: string): string {
  return `__Host-${name}`;
}
