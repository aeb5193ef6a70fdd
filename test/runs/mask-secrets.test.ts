import { describe, expect, it } from "vitest";
import { maskSecrets } from "../../app/runs/mask-secrets.ts";

const token = 's3cr3t/t0ken+"value?&=é';
const key =
  "-----BEGIN KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEF\nAASCBKcwggSjAgEAAoIBAQC7\n-----END KEY-----\n";
const b64 = (text: string) => Buffer.from(text).toString("base64");
const urlSafe = (text: string) => text.replaceAll("+", "-").replaceAll("/", "_");

describe("masking a secret value", () => {
  it.each([
    ["as it is", `token=${token}`],
    ["trimmed of the final newline it was stored with", `key ${key.trim()} end`],
    ["with CRLF line ends", `got ${key.replaceAll("\n", "\r\n")}`],
    ["line by line", "line: MIIEvQIBADANBgkqhkiG9w0BAQEF"],
    ["base64, padded", `X-Token: ${b64(token)}`],
    ["base64, unpadded", `X-Token: ${b64(token).replace(/=+$/, "")}.`],
    ["base64, URL-safe", `?t=${urlSafe(b64(token))}`],
    ["base64, URL-safe and unpadded", `?t=${urlSafe(b64(token)).replace(/=+$/, "")}&`],
    ["base64 inside a longer encoded string", `Authorization: Basic ${b64(`admin:${token}`)}`],
    ["base64 after two other bytes", `blob ${b64(`ab${token}xyz`)}`],
    ["URL-encoded", `GET /login?password=${encodeURIComponent(token)}`],
    ["URL-encoded with lower-case escapes", `GET /?p=${encodeURIComponent(token).toLowerCase()}`],
    ["form-encoded", `body: ${new URLSearchParams({ password: token })}`],
    ["JSON-escaped", `{"config": ${JSON.stringify({ key })}}`],
    [
      "JSON-escaped with non-ASCII as \\u escapes",
      '{"password": "s3cr3t/t0ken+\\"value?&=\\u00e9"}',
    ],
  ])("masks it %s", (_how, log) => {
    const masked = maskSecrets(log, [token, key]);
    expect(masked).toContain("***");
    for (const part of [
      "s3cr3t",
      "t0ken",
      "MIIEvQIBADANBgkqhkiG9w0BAQEF",
      "AASCBKcwggSjAgEAAoIBAQC7",
    ])
      expect(masked).not.toContain(part);
    for (const encoded of [b64(token).slice(4, 20), encodeURIComponent(token).slice(0, 12)])
      expect(masked).not.toContain(encoded);
  });

  it("masks a value stored with CRLF line ends where it is printed with LF", () => {
    const stored = "first-line-of-it\r\nsecond-line-of-it\r\n";
    expect(maskSecrets("x first-line-of-it\nsecond-line-of-it\n", [stored])).toBe("x ***");
  });

  it("masks a multi-line value of short lines printed with CRLF line ends", () => {
    expect(maskSecrets("got ab\r\ncd\r\nef.", ["ab\ncd\nef"])).toBe("got ***.");
  });

  it("masks a one- or two-character value where it stands whole, not inside other words", () => {
    expect(maskSecrets("pin=42 code 7; 427 x42 ab", ["42", "7"])).toBe(
      "pin=*** code ***; 427 x42 ab",
    );
  });

  it("leaves text alone when there is no value, or only blanks", () => {
    expect(maskSecrets("nothing to hide", [])).toBe("nothing to hide");
    expect(maskSecrets("a  b\n", ["", " ", "\n"])).toBe("a  b\n");
  });

  it("masks a 4,000-character log for five secrets in a few milliseconds", () => {
    const secrets = Array.from(
      { length: 5 },
      (_, i) => `secret-${i}-${"k".repeat(40)}\nline-${i}-abcdefgh`,
    );
    const log = `${"training step 12/40 loss=0.231 @user #12 \n".repeat(95)}${secrets[3]}`;
    const started = performance.now();
    for (let i = 0; i < 20; i++) maskSecrets(log, secrets);
    const each = (performance.now() - started) / 20;
    expect(maskSecrets(log, secrets).endsWith("***")).toBe(true);
    expect(each).toBeLessThan(20);
  });
});
