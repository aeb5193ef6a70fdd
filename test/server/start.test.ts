import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const main = fileURLToPath(new URL("../../app/main.ts", import.meta.url));
let child: ChildProcess | undefined;
let cwd: string | undefined;

afterEach(async () => {
  child?.kill();
  child = undefined;
  if (cwd) await rm(cwd, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

// The app's environment without anything from the developer's shell that would configure it.
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "development",
  };
  return { ...env, LOG_LEVEL: "warn", ...extra };
}

describe("starting the app", () => {
  it("serves Probot's set-up page when no GitHub App is configured", async () => {
    cwd = await mkdtemp(join(tmpdir(), "coxswain-start-"));
    const port = await freePort();
    child = spawn(process.execPath, [main], {
      cwd,
      env: cleanEnv({ PORT: String(port), HOST: "127.0.0.1" }),
    });
    let response: Response | undefined;
    for (let attempt = 0; attempt < 100 && !response; attempt++) {
      response = await fetch(`http://127.0.0.1:${port}/probot`).catch(() => undefined);
      if (!response) await new Promise((r) => setTimeout(r, 100));
    }
    expect(response?.status).toBe(200);
    expect(await response?.text()).toContain("GitHub App");
  });

  it("stops with one line naming a bad setting", () => {
    const run = spawnSync(process.execPath, [main], {
      env: cleanEnv({ APP_ID: "not-a-number" }),
      encoding: "utf8",
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe("coxswain: APP_ID: must be the GitHub App's numeric id\n");
  });

  it("stops with one line when the server policy file is missing", () => {
    const run = spawnSync(process.execPath, [main], {
      env: cleanEnv({
        APP_ID: "1",
        PRIVATE_KEY: "k",
        WEBHOOK_SECRET: "s",
        COXSWAIN_POLICY_FILE: "/nonexistent/policy.yaml",
      }),
      encoding: "utf8",
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /^coxswain: \/nonexistent\/policy\.yaml: cannot read the server policy \(.*\)\n$/,
    );
  });
});
