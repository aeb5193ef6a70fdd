// deploy/monitoring: the alert rules and the Grafana dashboard use only metrics /metrics
// exports, Prometheus' own promtool validates the rules and runs their unit tests, and a real
// Prometheus (Debian's `prometheus`, installed by .ci/run) scrapes the app, reads a counter
// back, loads the rules and answers every dashboard query.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { load } from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMetrics, type Metrics } from "../../app/metrics/metrics.ts";
import { metricsHandler } from "../../app/server/health.ts";

const run = promisify(execFile);
const monitoringDir = fileURLToPath(new URL("../../deploy/monitoring/", import.meta.url));
const rulesPath = join(monitoringDir, "rules.yaml");

interface RuleGroups {
  groups: { name: string; rules: { alert: string; expr: string }[] }[];
}
interface Dashboard {
  panels: { title: string; targets: { expr: string }[] }[];
}

const rules = load(readFileSync(rulesPath, "utf8")) as RuleGroups;
const dashboard = JSON.parse(
  readFileSync(join(monitoringDir, "grafana-dashboard.json"), "utf8"),
) as Dashboard;
const ruleExprs = rules.groups.flatMap((group) => group.rules.map((rule) => rule.expr));
const dashboardExprs = dashboard.panels.flatMap((panel) => panel.targets.map((t) => t.expr));
const namesIn = (exprs: string[]) =>
  [...new Set(exprs.flatMap((expr) => expr.match(/\bcoxswain_[a-z_]+/g) ?? []))].sort();

/** Every series name /metrics can show: a histogram's as _bucket, _sum and _count. */
async function exportedSeries(metrics: Metrics): Promise<Set<string>> {
  const series = new Set<string>();
  for (const metric of await metrics.registry.getMetricsAsJSON()) {
    if (String(metric.type) === "histogram") {
      for (const suffix of ["_bucket", "_sum", "_count"]) series.add(`${metric.name}${suffix}`);
    } else {
      series.add(metric.name);
    }
  }
  return series;
}

describe("the monitoring in deploy/monitoring", () => {
  it("uses only metrics that /metrics exports", async () => {
    const exported = await exportedSeries(createMetrics());
    const used = namesIn([...ruleExprs, ...dashboardExprs]);
    expect(used.length).toBeGreaterThan(10);
    expect(used.filter((name) => !exported.has(name))).toEqual([]);
  });

  it("has a dashboard panel for each thing the issue names", () => {
    const used = new Set(namesIn(dashboardExprs));
    const wanted = [
      "coxswain_webhooks_total",
      "coxswain_sync_duration_seconds_bucket",
      "coxswain_sync_duration_seconds_count",
      "coxswain_runs_started_total",
      "coxswain_runs_ended_total",
      "coxswain_notifications_total",
      "coxswain_github_rate_limit_remaining",
      "coxswain_leader",
      "coxswain_watch_restarts_total",
      "coxswain_drift_total",
    ];
    expect(wanted.filter((name) => !used.has(name))).toEqual([]);
  });

  it("passes promtool's check of the rules and the rules' unit tests", async () => {
    const checked = await run("promtool", ["check", "rules", rulesPath]);
    expect(checked.stdout).toContain(`SUCCESS: ${ruleExprs.length} rules found`);
    const tested = await run("promtool", ["test", "rules", "rules.test.yaml"], {
      cwd: monitoringDir,
    });
    expect(tested.stdout).toContain("SUCCESS");
  });

  it("gives the Prometheus Operator the same rules as rules.yaml", () => {
    const operator = load(readFileSync(join(monitoringDir, "prometheus-rule.yaml"), "utf8")) as {
      kind: string;
      spec: RuleGroups;
    };
    expect(operator.kind).toBe("PrometheusRule");
    expect(operator.spec).toEqual(rules);
  });
});

describe("a real Prometheus scraping the app", () => {
  const metrics = createMetrics();
  let app: Server;
  let prometheus: ChildProcess | undefined;
  let work: string;
  let prometheusUrl: string;
  let output = "";

  beforeAll(async () => {
    const handle = metricsHandler(metrics);
    app = createServer((req, res) => {
      if (!handle(req, res)) res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
    const appPort = (app.address() as AddressInfo).port;
    work = await mkdtemp(join(tmpdir(), "coxswain-prometheus-"));
    const config = [
      "global: {scrape_interval: 1s, evaluation_interval: 1s}",
      `rule_files: [${JSON.stringify(rulesPath)}]`,
      "scrape_configs:",
      "  - job_name: coxswain",
      `    static_configs: [{targets: ["127.0.0.1:${appPort}"]}]`,
      "",
    ].join("\n");
    await writeFile(join(work, "prometheus.yml"), config);
    const port = await freePort();
    prometheusUrl = `http://127.0.0.1:${port}`;
    prometheus = spawn(
      "prometheus",
      [
        `--config.file=${join(work, "prometheus.yml")}`,
        `--storage.tsdb.path=${join(work, "data")}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    prometheus.stderr?.on("data", (chunk: Buffer) => {
      output = `${output}${chunk.toString("utf8")}`.slice(-4000);
    });
    await until("Prometheus to be ready", async () => {
      const ready = await fetch(`${prometheusUrl}/-/ready`).catch(() => undefined);
      return ready?.ok === true;
    });
  }, 60_000);

  afterAll(async () => {
    prometheus?.kill("SIGTERM");
    await new Promise<void>((resolve) => app.close(() => resolve()));
    await rm(work, { recursive: true, force: true });
  });

  async function query(expr: string): Promise<{
    status: string;
    error?: string;
    data?: { result: { metric: Record<string, string>; value: [number, string] }[] };
  }> {
    const url = `${prometheusUrl}/api/v1/query?query=${encodeURIComponent(expr)}`;
    return (await (await fetch(url)).json()) as Awaited<ReturnType<typeof query>>;
  }

  async function until(what: string, condition: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it("reads a counter the app counted back through the query API", async () => {
    for (let i = 0; i < 3; i++) metrics.webhooks.inc({ event: "push", outcome: "ok" });
    metrics.webhooks.inc({ event: "issue_comment", outcome: "error" });
    await until("the counter to be scraped", async () => {
      const answer = await query('coxswain_webhooks_total{event="push"}');
      return answer.data?.result[0]?.value[1] === "3";
    });
    const errors = await query('sum by (outcome) (coxswain_webhooks_total{outcome="error"})');
    expect(errors.data?.result).toEqual([
      { metric: { outcome: "error" }, value: [expect.any(Number), "1"] },
    ]);
  });

  it("loads every alert rule and evaluates it without an error", async () => {
    const alerts = rules.groups.flatMap((group) => group.rules.map((rule) => rule.alert)).sort();
    let loaded: { name: string; health: string; lastError?: string }[] = [];
    await until("every rule to be evaluated", async () => {
      const answer = (await (await fetch(`${prometheusUrl}/api/v1/rules`)).json()) as {
        data: { groups: { rules: { name: string; health: string; lastError?: string }[] }[] };
      };
      loaded = answer.data.groups.flatMap((group) => group.rules);
      return loaded.length === alerts.length && loaded.every((rule) => rule.health !== "unknown");
    });
    expect(loaded.map((rule) => rule.name).sort()).toEqual(alerts);
    expect(loaded.filter((rule) => rule.health !== "ok")).toEqual([]);
  });

  it("answers every query of the dashboard", async () => {
    const failed: string[] = [];
    for (const expr of dashboardExprs) {
      const answer = await query(expr.replaceAll("$__rate_interval", "1m"));
      if (answer.status !== "success") failed.push(`${expr}: ${answer.error}`);
    }
    expect(failed).toEqual([]);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
