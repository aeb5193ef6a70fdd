// The run history pages in a real browser (Debian's Chromium through playwright-core), on the
// app's real server, against a GitHub Enterprise Server address (the sign-in and the API are
// the double's): sign in, see only the repositories GitHub says you can read, page through a
// pipeline's runs, filter them, click a pull request's point on a metric chart, read a failed
// run, and press Rerun as someone who may and someone who may not. Every page is checked with
// axe-core and for Content-Security-Policy refusals; screenshots of the main pages are written.
import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { Server } from "probot";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ArgoObject } from "../../app/cluster/argo-kinds.ts";
import { labelKeys } from "../../app/cluster/labels.ts";
import { openLedger } from "../../app/ledger/open-ledger.ts";
import type { RunLedger } from "../../app/ledger/run-ledger.ts";
import type { RunRecord } from "../../app/ledger/run-record.ts";
import { serverApp } from "../../app/server/server-app.ts";
import { loopbackTarget } from "../support/cluster-target.ts";
import {
  clientId,
  clientSecret,
  type GitHubPerson,
  GitHubSignInDouble,
} from "../support/github-sign-in.ts";
import { workflowTemplate } from "../support/pipelines.ts";
import { runRecord } from "../support/run-records.ts";
import { type SyncFixture, startSyncFixture } from "../support/sync-fixture.ts";
import { freePort, startTestServer, webhookSecret } from "../support/test-server.ts";
import { axeViolations, launchChromium, watchPage } from "./browser.ts";

const ghe = "https://ghe.acme.test";
const api = `${ghe}/api/v3`;
const screenshots = process.env.COXSWAIN_SCREENSHOTS ?? join(tmpdir(), "coxswain-screenshots");

const alice: GitHubPerson = {
  login: "alice",
  id: 11,
  readable: ["acme/pipelines", "acme/unmapped"],
};
const reader: GitHubPerson = { login: "reader", id: 12, readable: ["acme/pipelines"] };

let target: Awaited<ReturnType<typeof loopbackTarget>>;
let browser: Browser;
let f: SyncFixture;
let ledger: RunLedger;
let server: Server;
let base: string;
let context: BrowserContext;
let page: Page;
let problems: string[];
let signIn: GitHubSignInDouble;
let head: string;
/** The records of acme/pipelines' `train`, newest first. */
let trainRuns: RunRecord[];

beforeAll(async () => {
  target = await loopbackTarget();
  browser = await launchChromium();
  mkdirSync(screenshots, { recursive: true });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await target?.close();
});

beforeEach(async () => {
  f = await startSyncFixture(target, {
    githubBaseUrl: api,
    policyYaml: "  - match: acme/secret\n    namespace: ml-secret\n",
  });
  ledger = await openLedger(":memory:");
  f.deps.ledger = ledger;
  head = await f.origin.commit({
    "workflows/train.yaml": workflowTemplate("train"),
    ".github/coxswain.yml": "metrics:\n  accuracy: {better: higher, threshold: 0.01}\n",
  });
  trainRuns = await seedLedger(f.namespace, head);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  ({ server } = await startTestServer(
    serverApp(f.deps, {
      web: {
        clientId,
        clientSecret,
        publicUrl: base,
        secret: webhookSecret,
        githubUrl: ghe,
        githubApiUrl: api,
        argoUiUrl: "https://argo.acme.test",
      },
    }),
    { port, githubBaseUrl: api },
  ));
  signIn = new GitHubSignInDouble(ghe, api);
  context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  page = await context.newPage();
  problems = watchPage(page);
});

afterEach(async () => {
  await context.close();
  await server.stop();
  await ledger.close();
  await f.close();
  expect(problems).toEqual([]);
});

/** 120 runs of `train` an hour apart (every third on a pull request, every seventh failed, one
 * pull request regressing accuracy), one failed run with hostile text, and a run of another
 * repository the people here cannot read. */
async function seedLedger(namespace: string, commit: string): Promise<RunRecord[]> {
  const start = Date.UTC(2026, 10, 1);
  const records: RunRecord[] = [];
  for (let i = 0; i < 120; i++) {
    const pr = i % 3 === 2 ? 40 + (i % 5) : undefined;
    const failed = i % 7 === 6;
    const accuracy = pr === 41 ? 0.5 : 0.8 + i / 1000;
    records.push(
      runRecord(`train-${String(i).padStart(3, "0")}`, {
        uid: `uid-train-${i}`,
        namespace,
        commit,
        pr,
        trigger: pr ? "pull-request" : "merge",
        phase: failed ? "Failed" : "Succeeded",
        startedAt: start + i * 3_600_000 - 600_000,
        finishedAt: start + i * 3_600_000,
        recordedAt: start + i * 3_600_000,
        outputs: failed ? {} : { accuracy: accuracy.toFixed(3), loss: (1 - accuracy).toFixed(3) },
        ...(failed ? { failedStep: "train", failedMessage: "exit code 1" } : {}),
      }),
    );
  }
  records.push(
    runRecord("train-hostile", {
      uid: "uid-train-hostile",
      namespace,
      commit,
      pr: undefined,
      trigger: "merge",
      phase: "Failed",
      startedAt: start + 200 * 3_600_000,
      finishedAt: start + 200 * 3_600_000 + 95_000,
      recordedAt: start + 200 * 3_600_000 + 95_000,
      failedStep: "<img src=x onerror=alert(1)>",
      failedMessage: "ValueError: <script>alert('message')</script>",
      logExcerpt: "Traceback\n<script>alert('log')</script>\nValueError: bad shape",
      outputs: {},
      parameters: { lr: "<b>0.3</b>" },
      timeline: [
        {
          step: "load",
          phase: "Succeeded",
          startedAt: start + 200 * 3_600_000,
          runningAt: start + 200 * 3_600_000 + 20_000,
          finishedAt: start + 200 * 3_600_000 + 40_000,
        },
        {
          step: "train",
          phase: "Failed",
          startedAt: start + 200 * 3_600_000 + 40_000,
          runningAt: start + 200 * 3_600_000 + 70_000,
          finishedAt: start + 200 * 3_600_000 + 95_000,
        },
        {
          step: "report",
          phase: "Succeeded",
          startedAt: start + 200 * 3_600_000 + 40_000,
          finishedAt: start + 200 * 3_600_000 + 50_000,
        },
      ],
    }),
  );
  records.push(
    runRecord("secret-run", { uid: "uid-secret", namespace: "ml-secret", repo: "acme/secret" }),
  );
  for (const record of records) await ledger.record(record);
  return records
    .filter((record) => record.repo === "acme/pipelines")
    .sort((a, b) => b.recordedAt - a.recordedAt);
}

async function signInAs(person: GitHubPerson, path = "/runs"): Promise<void> {
  await signIn.next(page, person, `${base}/runs/-/callback`);
  const first = await page.goto(`${base}${path}`);
  expect(first?.status()).toBe(401);
  await page.getByRole("link", { name: "Sign in with GitHub" }).click();
  await page.waitForURL(`${base}${path}`);
}

/** The App reads the default branch's config (declared metrics) for the charts. */
function githubServesConfig(): void {
  f.github.repoInstallation().installationToken().repository(f.origin.url);
}

async function check(name: string): Promise<void> {
  expect(await axeViolations(page), `axe-core on ${name}`).toEqual([]);
  await page.screenshot({ path: join(screenshots, `${name}.png`) });
}

const rowNames = () => page.locator("table.runs tbody tr td:first-child").allTextContents();
const workflows = async () => (await f.cluster.list("workflows", f.namespace)) as ArgoObject[];

describe("signing in", () => {
  it("signs in with GitHub and shows only the repositories GitHub says the person can read", async () => {
    await signInAs(alice);
    const names = await page.locator("ul.repositories a").allTextContents();
    // acme/unmapped is readable but no rule maps it; acme/secret is mapped but not readable.
    expect(names).toEqual(["acme/pipelines"]);
    const [authorization] = signIn.authorizations;
    expect(authorization?.get("client_id")).toBe(clientId);
    expect(authorization?.get("redirect_uri")).toBe(`${base}/runs/-/callback`);
    expect(signIn.exchanges).toHaveLength(1);
    expect(
      signIn.userRequests.every((request) => request.authorization === "token ghu_alice_1"),
    ).toBe(true);
    const cookies = await context.cookies(base);
    const session = cookies.find((cookie) => cookie.name === "__Host-coxswain-session");
    expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: "Lax", path: "/" });
    expect(session?.value).not.toContain("alice");
    await check("repositories");

    for (const hidden of [
      "/runs/acme/secret",
      "/runs/acme/secret/runs/secret-run",
      "/runs/acme/unmapped",
      "/runs/acme/nothing-here",
    ]) {
      const answer = await page.goto(`${base}${hidden}`);
      expect(answer?.status(), hidden).toBe(404);
      expect(await page.locator("main").textContent()).not.toContain("secret-run");
    }
    await check("not-found");
    signIn.done();
  });

  it("refuses a callback whose state it did not give out, and signs out with the form's token", async () => {
    const forged = await page.goto(`${base}/runs/-/callback?code=stolen&state=made-up`);
    expect(forged?.status()).toBe(400);
    expect(await page.locator("main").textContent()).toContain("was not started here");
    expect(signIn.exchanges).toEqual([]);

    await signInAs(alice);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(`${base}/runs`);
    expect(await page.getByRole("link", { name: "Sign in with GitHub" }).count()).toBe(1);
    await check("sign-in");
    expect(
      (await context.cookies(base)).some((cookie) => cookie.name === "__Host-coxswain-session"),
    ).toBe(false);
  });
});

describe("a pipeline's runs", () => {
  it("pages through every run once, newest first, and back", async () => {
    githubServesConfig();
    await signInAs(alice, "/runs/acme/pipelines");
    expect(await page.locator("table.pipelines tbody tr").count()).toBe(1);
    await page.getByRole("link", { name: "train", exact: true }).click();
    await page.waitForURL(/\/pipelines\/train$/);
    await check("pipeline");
    const seen: string[] = [];
    const pages: string[][] = [];
    for (;;) {
      const names = await rowNames();
      pages.push(names);
      seen.push(...names);
      const older = page.getByRole("link", { name: "Older →" });
      if ((await older.count()) === 0) break;
      await older.click();
      await page.waitForLoadState();
    }
    expect(pages.map((names) => names.length)).toEqual([50, 50, 21]);
    expect(seen).toEqual(trainRuns.map((run) => run.name));
    await page.getByRole("link", { name: "← Newer" }).click();
    await page.waitForLoadState();
    expect(await rowNames()).toEqual(pages[1]);
  });

  it("filters by phase, pull request, branch and date, and names a filter that makes no sense", async () => {
    githubServesConfig();
    await signInAs(alice, "/runs/acme/pipelines/pipelines/train");
    await page.getByLabel("Phase").selectOption("Failed");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/phase=Failed/);
    const failed = trainRuns.filter((run) => run.phase === "Failed").map((run) => run.name);
    expect(await rowNames()).toEqual(failed);

    await page.goto(`${base}/runs/acme/pipelines/pipelines/train?pr=41`);
    expect(await rowNames()).toEqual(
      trainRuns.filter((run) => run.pr === 41).map((run) => run.name),
    );
    await page.goto(
      `${base}/runs/acme/pipelines/pipelines/train?branch=default&from=2026-11-03&to=2026-11-03`,
    );
    const day = (run: RunRecord) => new Date(run.recordedAt).toISOString().startsWith("2026-11-03");
    expect(await rowNames()).toEqual(
      trainRuns.filter((run) => run.pr === undefined && day(run)).map((run) => run.name),
    );

    const bad = await page.goto(`${base}/runs/acme/pipelines/pipelines/train?pr=abc`);
    expect(bad?.status()).toBe(400);
    expect(await page.locator("main").textContent()).toContain(
      "pull request must be a number like 42",
    );
  });

  it("draws each declared metric, marks the regression, and opens the pull request of a clicked point", async () => {
    githubServesConfig();
    await signInAs(alice, "/runs/acme/pipelines/pipelines/train");
    await page.waitForFunction(
      () => (globalThis as unknown as { coxswainCharts?: unknown[] }).coxswainCharts?.length === 1,
    );
    expect(await page.locator("figure.trend figcaption strong").allTextContents()).toEqual([
      "accuracy",
    ]);
    expect(await page.locator("figure.trend canvas").count()).toBe(1);
    const regressions = await page
      .locator("figure.trend details li")
      .filter({ hasText: "regression" })
      .allTextContents();
    expect(regressions.length).toBeGreaterThan(0);
    expect(regressions.every((text) => text.startsWith("#41"))).toBe(true);

    // The dot of PR #43's latest run, where uPlot drew it.
    const where = await page.evaluate(() => {
      const [entry] = (
        globalThis as unknown as {
          coxswainCharts: Array<{
            chart: {
              over: { getBoundingClientRect(): { left: number; top: number } };
              valToPos(value: number, scale: string): number;
            };
            points: Array<{ pr?: number; at: number; value: number }>;
          }>;
        }
      ).coxswainCharts;
      if (!entry) throw new Error("no chart");
      const index = entry.points.findLastIndex((point) => point.pr === 43);
      const point = entry.points[index] as { at: number; value: number };
      const over = entry.chart.over.getBoundingClientRect();
      return {
        x: over.left + entry.chart.valToPos(point.at / 1000, "x"),
        y: over.top + entry.chart.valToPos(point.value, "y"),
      };
    });
    await page.route(`${ghe}/acme/pipelines/pull/**`, (route) =>
      route.fulfill({ status: 200, contentType: "text/html", body: "<title>PR</title>" }),
    );
    await page.mouse.move(where.x, where.y);
    await page.mouse.click(where.x, where.y);
    await page.waitForURL(`${ghe}/acme/pipelines/pull/43`);
  });
});

describe("a run", () => {
  it("shows the failed step and its log as text, the timeline, and links out", async () => {
    await signInAs(reader, "/runs/acme/pipelines/runs/train-hostile");
    const main = page.locator("main");
    expect(await main.locator("h2#failed").textContent()).toBe(
      "Failed step: <img src=x onerror=alert(1)>",
    );
    expect(await main.locator("pre").textContent()).toContain("<script>alert('log')</script>");
    expect(await main.locator("table.values code").first().textContent()).toBe("<b>0.3</b>");
    expect(await main.locator("svg.timeline rect.waiting").count()).toBe(2);
    expect(await main.locator("svg.timeline rect.running").count()).toBe(2);
    expect(await main.locator("svg.timeline rect.unsplit").count()).toBe(1);
    expect(await main.textContent()).toContain(
      "Waiting (scheduling, image pull, pod start): 50.0 s",
    );
    expect(await main.getByRole("link", { name: "Open in the Argo UI" }).getAttribute("href")).toBe(
      `https://argo.acme.test/workflows/${f.namespace}/train-hostile`,
    );
    await check("run");
  });
});

describe("Rerun", () => {
  it("starts the run again, through the same permission check as every channel", async () => {
    await signInAs(alice, "/runs/acme/pipelines/runs/train-118");
    f.github
      .repoInstallation()
      .installationToken()
      .repository(f.origin.url)
      .permission("alice", "write")
      .queuedCheckRun("coxswain/run: train", head);
    await page.getByRole("button", { name: "Rerun" }).click();
    await page.waitForLoadState();
    expect(await page.locator("h1").textContent()).toBe("Rerun started");
    expect(await page.locator("main").textContent()).toMatch(/train-118 started again as train-/);
    const [run] = await workflows();
    expect(run?.metadata.labels?.[labelKeys.trigger]).toBe("web");
    expect(run?.metadata.labels?.[labelKeys.actor]).toBe("alice");
    expect(run?.metadata.labels?.[labelKeys.commit]).toBe(head);
    f.github.done();
  });

  it("starts one run when the same form is sent twice (a reload, a double click)", async () => {
    await signInAs(alice, "/runs/acme/pipelines/runs/train-118");
    const cookie = (await context.cookies(base)).map((c) => `${c.name}=${c.value}`).join("; ");
    const form = page.locator("form.rerun");
    const body = new URLSearchParams({
      csrf: (await form.locator("input[name=csrf]").getAttribute("value")) ?? "",
      request: (await form.locator("input[name=request]").getAttribute("value")) ?? "",
    }).toString();
    const send = () =>
      fetch(`${base}/runs/acme/pipelines/runs/train-118/rerun`, {
        method: "POST",
        headers: { cookie, origin: base, "content-type": "application/x-www-form-urlencoded" },
        body,
      });
    for (let i = 0; i < 2; i++)
      f.github
        .repoInstallation()
        .installationToken()
        .repository(f.origin.url)
        .permission("alice", "write");
    f.github.queuedCheckRun("coxswain/run: train", head);
    const answers = [await send(), await send()];
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    const [run] = await workflows();
    expect(await workflows()).toHaveLength(1);
    // Both answers name the one run.
    for (const text of await Promise.all(answers.map((answer) => answer.text())))
      expect(text).toContain(`started again as <code>${run?.metadata.name}</code>`);
    f.github.done();
  });

  it("refuses someone without the permission and changes nothing", async () => {
    await signInAs(reader, "/runs/acme/pipelines/runs/train-118");
    f.github
      .repoInstallation()
      .installationToken()
      .repository(f.origin.url)
      .permission("reader", "read");
    await page.getByRole("button", { name: "Rerun" }).click();
    await page.waitForLoadState();
    expect(await page.locator("h1").textContent()).toBe("Not rerun");
    expect(await page.locator("main").textContent()).toContain(
      "need at least write permission, and reader has read",
    );
    expect(await workflows()).toEqual([]);
    f.github.done();
  });

  it("refuses a form without the session's token or from another site, before asking GitHub anything", async () => {
    await signInAs(alice, "/runs/acme/pipelines/runs/train-118");
    const cookie = (await context.cookies(base)).map((c) => `${c.name}=${c.value}`).join("; ");
    const post = (body: string, origin = base) =>
      fetch(`${base}/runs/acme/pipelines/runs/train-118/rerun`, {
        method: "POST",
        headers: { cookie, origin, "content-type": "application/x-www-form-urlencoded" },
        body,
        redirect: "manual",
      });
    const csrf = await page.locator("form.rerun input[name=csrf]").getAttribute("value");
    const request = "r".repeat(24);
    expect((await post(`request=${request}`)).status).toBe(403);
    expect((await post(`csrf=wrong&request=${request}`)).status).toBe(403);
    expect((await post(`csrf=${csrf}&request=${request}`, "https://evil.example")).status).toBe(
      403,
    );
    expect((await post(`csrf=${csrf}&request=short`)).status).toBe(400);
    const anonymous = await fetch(`${base}/runs/acme/pipelines/runs/train-118/rerun`, {
      method: "POST",
      body: `csrf=${csrf}`,
    });
    expect(anonymous.status).toBe(403);
    expect(await workflows()).toEqual([]);
  });
});
