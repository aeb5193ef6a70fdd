import { describe, expect, it } from "vitest";
import { settingsFromEnv } from "../../app/config/env.ts";
import { repoPolicyFrom } from "../../app/config/repo-config.ts";
import {
  admissionFor,
  driftActionFor,
  namespaceForRepository,
  parseServerPolicy,
  removalActionFor,
  type ServerPolicy,
} from "../../app/config/server-policy.ts";

function policy(text: string): ServerPolicy {
  const result = parseServerPolicy(text, "policy.yaml");
  if (!result.ok) throw new Error(result.error);
  return result.policy;
}

describe("settings from the environment", () => {
  it("starts in set-up mode when no GitHub App is configured", () => {
    const result = settingsFromEnv({});
    expect(result).toMatchObject({ ok: true, settings: { port: 3000 } });
    expect(result.ok && result.settings.github).toBeUndefined();
  });

  it("turns Slack on with a bot token and its signing secret, at the configured API URL", () => {
    const result = settingsFromEnv({
      SLACK_BOT_TOKEN: "xoxb-1",
      SLACK_SIGNING_SECRET: "s",
      SLACK_API_URL: "https://slack.example.com/api/",
      GHE_HOST: "github.example.com",
    });
    expect(result.ok && result.settings.slack).toEqual({
      botToken: "xoxb-1",
      signingSecret: "s",
      socketMode: false,
      apiUrl: "https://slack.example.com/api/",
    });
    expect(result.ok && result.settings.githubUrl).toBe("https://github.example.com");
    const off = settingsFromEnv({});
    expect(off.ok && off.settings.slack).toBeUndefined();
  });

  it("turns the run history pages on with the App's client id and secret and the public URL", () => {
    const result = settingsFromEnv({
      GITHUB_CLIENT_ID: "Iv1.abc",
      GITHUB_CLIENT_SECRET: "shh",
      COXSWAIN_PUBLIC_URL: "https://coxswain.example.com",
      GHE_HOST: "github.example.com",
    });
    expect(result.ok && result.settings.web).toEqual({
      clientId: "Iv1.abc",
      clientSecret: "shh",
      publicUrl: "https://coxswain.example.com",
    });
    expect(result.ok && result.settings.githubApiUrl).toBe("https://github.example.com/api/v3");
    const off = settingsFromEnv({});
    expect(off.ok && off.settings.web).toBeUndefined();
    expect(off.ok && off.settings.webOff).toBeUndefined();
    expect(off.ok && off.settings.githubApiUrl).toBe("https://api.github.com");
    // Probot's set-up page writes the client id and secret: without the URL the pages stay off.
    const noUrl = settingsFromEnv({ GITHUB_CLIENT_ID: "Iv1.abc", GITHUB_CLIENT_SECRET: "s" });
    expect(noUrl.ok && noUrl.settings.web).toBeUndefined();
    expect(noUrl.ok && noUrl.settings.webOff).toMatch(/set COXSWAIN_PUBLIC_URL/);
  });

  it.each([
    [{ GITHUB_CLIENT_ID: "Iv1.abc" }, /^GITHUB_CLIENT_SECRET: required/],
    [
      { GITHUB_CLIENT_ID: "Iv1.abc", GITHUB_CLIENT_SECRET: "s", COXSWAIN_PUBLIC_URL: "nope" },
      /^COXSWAIN_PUBLIC_URL: /,
    ],
    [{ PORT: "http" }, /^PORT: /],
    [{ APP_ID: "abc" }, /^APP_ID: must be the GitHub App's numeric id$/],
    [{ APP_ID: "12", WEBHOOK_SECRET: "s" }, /^PRIVATE_KEY or PRIVATE_KEY_PATH: required/],
    [{ APP_ID: "12", PRIVATE_KEY: "k" }, /^WEBHOOK_SECRET: required/],
    [{ APP_ID: "12", PRIVATE_KEY: "k", WEBHOOK_SECRET: "s" }, /^COXSWAIN_POLICY_FILE: required/],
    [{ SLACK_BOT_TOKEN: "xoxb-1" }, /^SLACK_SIGNING_SECRET: required/],
    [{ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SOCKET_MODE: "true" }, /^SLACK_APP_TOKEN: required/],
    [
      { SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s", SLACK_API_URL: "nope" },
      /^SLACK_API_URL: /,
    ],
  ])("refuses %j with one line naming the setting", (env, message) => {
    const result = settingsFromEnv(env);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toMatch(message);
      expect(result.error).not.toContain("\n");
    }
  });
});

describe("server policy", () => {
  it("fills defaults for everything but the repositories", () => {
    expect(policy("repositories: []\n")).toEqual({
      repositories: [],
      kinds: ["WorkflowTemplate", "CronWorkflow"],
      serviceAccounts: [],
      limits: { maxFiles: 500, maxFileBytes: 262144, maxRepositoryBytes: 104857600 },
      argo: {},
      slack: { users: [], userGroups: [] },
      retention: {
        keepLast: 20,
        maxAge: 604800,
        maxKeepLast: 100,
        maxMaxAge: 2592000,
        every: 300,
        records: 31536000,
      },
      commands: { minimumPermission: "write", maxPerComment: 10 },
      reconcile: { every: 600, concurrency: 4 },
      onRemove: "keep",
    });
  });

  it("reads drift and onRemove per rule, onRemove falling back to the policy's", () => {
    const p = policy(
      "onRemove: prune\nrepositories:\n  - match: acme/a\n    namespace: ml-a\n    drift: report\n    onRemove: keep\n  - match: acme/*\n    namespace: ml-{repo}\n",
    );
    expect([driftActionFor(p, "acme/a"), removalActionFor(p, "acme/a")]).toEqual([
      "report",
      "keep",
    ]);
    expect([driftActionFor(p, "acme/b"), removalActionFor(p, "acme/b")]).toEqual([
      "revert",
      "prune",
    ]);
    expect(removalActionFor(p, "other/c")).toBe("prune");
    const bad = parseServerPolicy(
      "repositories:\n  - match: acme/a\n    namespace: ml\n    drift: fix\n",
      "p.yaml",
    );
    expect(bad.ok ? "accepted" : bad.error).toMatch(/^p\.yaml:4: repositories\[0\]\.drift: /);
  });

  it("names the key and line of a bad value and of an unknown key", () => {
    const result = parseServerPolicy(
      "repositories:\n  - match: acme\n    namespace: ml\nlimit:\n  maxFiles: 3\n",
      "policy.yaml",
    );
    expect(result).toEqual({
      ok: false,
      error:
        'policy.yaml:2: repositories[0].match: must look like "owner/name" (globs allowed, e.g. "acme/ml-*"); policy.yaml:4: limit: unknown key',
    });
  });

  it("maps a repository to the namespace of the first matching rule", () => {
    const p = policy(
      "repositories:\n  - match: acme/recommender\n    namespace: ml-reco\n  - match: acme/*\n    namespace: ml-{repo}\n",
    );
    expect(namespaceForRepository(p, "acme/recommender")).toEqual({
      ok: true,
      namespace: "ml-reco",
    });
    expect(namespaceForRepository(p, "Acme/Forecast")).toEqual({
      ok: true,
      namespace: "ml-forecast",
    });
    expect(namespaceForRepository(p, "other/forecast")).toEqual({
      ok: false,
      reason: "other/forecast is not allowed by the server policy",
    });
  });

  it("gives each repository what its rule admits, and a rule's defaults to the rest", () => {
    const p = policy(
      "repositories:\n  - match: acme/gpu-*\n    namespace: ml-{repo}\n    podSecurity: privileged\n    resourceKinds: [ConfigMap, batch/Job]\n    clusterWorkflowTemplates: [shared-export]\n  - match: acme/*\n    namespace: ml-{repo}\n",
    );
    expect(admissionFor(p, "acme/gpu-train")).toEqual({
      source: "server policy",
      podSecurity: "privileged",
      resourceKinds: ["ConfigMap", "batch/Job"],
      clusterWorkflowTemplates: ["shared-export"],
    });
    const defaults = {
      source: "coxswain's default",
      podSecurity: "baseline",
      resourceKinds: [],
      clusterWorkflowTemplates: [],
    };
    expect(admissionFor(p, "acme/forecast")).toEqual({ ...defaults, source: "server policy" });
    expect(admissionFor(p, "other/x")).toEqual(defaults);
    expect(admissionFor(p, undefined)).toEqual(defaults);
  });

  it("names a bad pod security level or resource kind in a rule", () => {
    const result = parseServerPolicy(
      "repositories:\n  - match: acme/x\n    namespace: ml\n    podSecurity: lenient\n    resourceKinds: [batch/v1/Job]\n",
      "policy.yaml",
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toContain("policy.yaml:4: repositories[0].podSecurity:");
    expect(!result.ok && result.error).toContain(
      'policy.yaml:5: repositories[0].resourceKinds[0]: must be a kind: "ConfigMap" (core) or "group/Kind"',
    );
  });

  it("refuses a mapping that yields an invalid namespace name", () => {
    const p = policy("repositories:\n  - match: acme/*\n    namespace: ml_{repo}\n");
    expect(namespaceForRepository(p, "acme/x")).toMatchObject({ ok: false });
  });
});

describe("repository config", () => {
  const server = policy("repositories: []\nkinds: [WorkflowTemplate]\n");

  it("uses the defaults when the repository has no config file", () => {
    expect(repoPolicyFrom(undefined, server)).toEqual({
      ok: true,
      policy: {
        definitionPaths: ["workflows/"],
        kinds: ["WorkflowTemplate"],
        prune: true,
        serviceAccounts: [],
        admission: {
          source: "coxswain's default",
          podSecurity: "baseline",
          resourceKinds: [],
          clusterWorkflowTemplates: [],
        },
        maxFiles: 500,
        maxFileBytes: 262144,
        triggers: [],
        runDefinition: "embedded",
        stopOnClose: true,
        commandPermission: "write",
        retention: { default: { keepLast: 20, maxAgeSeconds: 604800 }, templates: {} },
        metrics: {},
      },
    });
  });

  it("normalises definition folders", () => {
    const result = repoPolicyFrom("definitions:\n  paths: [./pipelines, ml/flows/]\n", server);
    expect(result.ok && result.policy.definitionPaths).toEqual(["pipelines/", "ml/flows/"]);
  });

  it("names each bad key with its line", () => {
    const result = repoPolicyFrom(
      "definitions:\n  paths: [../etc]\n  kind: [WorkflowTemplate]\nprune: sometimes\n",
      server,
    );
    expect(result).toEqual({
      ok: false,
      issues: [
        {
          key: "definitions.paths[0]",
          message: expect.stringContaining("inside the repository"),
          position: { line: 2, column: 11 },
        },
        { key: "definitions.kind", message: "unknown key", position: { line: 3, column: 3 } },
        {
          key: "prune",
          message: expect.stringContaining("boolean"),
          position: { line: 4, column: 1 },
        },
      ],
    });
  });

  it("never widens the server policy", () => {
    const result = repoPolicyFrom(
      "definitions:\n  kinds: [WorkflowTemplate, CronWorkflow]\n",
      server,
    );
    expect(result).toEqual({
      ok: false,
      issues: [
        {
          key: "definitions.kinds",
          message: "CronWorkflow not allowed by the server policy (allowed: WorkflowTemplate)",
          position: { line: 2, column: 3 },
        },
      ],
    });
  });

  it("reports a YAML syntax error in the config file", () => {
    const result = repoPolicyFrom("definitions: [\n", server);
    expect(result).toMatchObject({
      ok: false,
      issues: [{ key: "(file)", message: expect.stringMatching(/^YAML syntax error/) }],
    });
  });
});

describe("Slack notifications in the repository config", () => {
  const withSlack = policy(
    "repositories: []\nslack:\n  defaultChannel: C0DEFAULT\n  channels: [C0DEFAULT, '#ml-runs']\n",
  );

  it("announces runs in the server policy's default channel, every phase, nobody mentioned", () => {
    const result = repoPolicyFrom(undefined, withSlack);
    expect(result.ok && result.policy.slack).toEqual({
      channel: "C0DEFAULT",
      phases: ["Running", "Succeeded", "Failed", "Error"],
      mention: [],
    });
    const none = repoPolicyFrom(undefined, policy("repositories: []\n"));
    expect(none.ok && none.policy.slack).toBeUndefined();
  });

  it("takes the repository's channel, phases and people to mention", () => {
    const result = repoPolicyFrom(
      "notifications:\n  slack:\n    channel: '#ml-runs'\n    phases: [Failed, Error]\n    mention: [U0ALICE, S0ONCALL]\n",
      withSlack,
    );
    expect(result.ok && result.policy.slack).toEqual({
      channel: "#ml-runs",
      phases: ["Failed", "Error"],
      mention: ["U0ALICE", "S0ONCALL"],
    });
  });

  it("refuses a channel the server policy does not allow, and a mention that is not an id", () => {
    const result = repoPolicyFrom("notifications:\n  slack:\n    channel: '#random'\n", withSlack);
    expect(result).toEqual({
      ok: false,
      issues: [
        {
          key: "notifications.slack.channel",
          message:
            "#random is not a channel the server policy allows (allowed: C0DEFAULT, #ml-runs)",
          position: { line: 3, column: 5 },
        },
      ],
    });
    const mention = repoPolicyFrom("notifications:\n  slack:\n    mention: [alice]\n", withSlack);
    expect(mention.ok).toBe(false);
    expect(!mention.ok && mention.issues[0]?.message).toBe(
      "must be a Slack user id (U0123ABC) or user group id (S0123ABC)",
    );
  });
});

describe("retention in the repository config", () => {
  const bounded = policy(
    "repositories: []\nretention: {keepLast: 10, maxAge: 3d, maxKeepLast: 50, maxMaxAge: 14d}\n",
  );

  it("keeps the server's defaults, the repository's rule and per-template rules over it", () => {
    const result = repoPolicyFrom(
      "retention:\n  keepLast: 5\n  templates:\n    nightly: {maxAge: 12h}\n",
      bounded,
    );
    expect(result.ok && result.policy.retention).toEqual({
      default: { keepLast: 5, maxAgeSeconds: 3 * 86400 },
      templates: { nightly: { keepLast: 5, maxAgeSeconds: 12 * 3600 } },
    });
  });

  it("refuses to keep more, or longer, than the server policy allows, naming the key", () => {
    const more = repoPolicyFrom("retention:\n  templates:\n    train: {keepLast: 80}\n", bounded);
    expect(more).toMatchObject({
      ok: false,
      issues: [
        {
          key: "retention.templates.train.keepLast",
          message: "80 is more than the server policy allows (50)",
          position: { line: 3, column: 13 },
        },
      ],
    });
    const longer = repoPolicyFrom("retention: {maxAge: 30d}\n", bounded);
    expect(longer).toMatchObject({
      ok: false,
      issues: [{ key: "retention.maxAge", message: "longer than the server policy allows (14d)" }],
    });
    const bad = repoPolicyFrom("retention: {maxAge: 1week}\n", bounded);
    expect(!bad.ok && bad.issues[0]?.message).toBe(
      'must be a number and a unit: s, m, h or d (e.g. "7d")',
    );
  });
});

describe("the published JSON Schema of the repository config", () => {
  it("matches the zod schema the app validates with (run `npm run schema` after changing it)", async () => {
    const { readFile } = await import("node:fs/promises");
    const { repoConfigJsonSchema } = await import("../../scripts/repo-config-schema.ts");
    const committed = await readFile(
      new URL("../../schemas/coxswain-repo-config.schema.json", import.meta.url),
      "utf8",
    );
    expect(committed).toBe(repoConfigJsonSchema());
  });
});

describe("policy.example.yaml", () => {
  it("is a valid server policy that maps the example repositories", async () => {
    const { readServerPolicy } = await import("../../app/config/server-policy.ts");
    const read = readServerPolicy(new URL("../../policy.example.yaml", import.meta.url).pathname);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(namespaceForRepository(read.policy, "acme/ml-forecast")).toEqual({
      ok: true,
      namespace: "ml-ml-forecast",
    });
    expect(namespaceForRepository(read.policy, "acme/recommender")).toEqual({
      ok: true,
      namespace: "ml-recommender",
    });
  });
});

describe("_extends: a shared config", () => {
  const server = policy("repositories: []\n");

  it("builds on the shared config; the repository's keys win and lists are replaced", () => {
    const shared = {
      name: "acme/.github",
      text: "definitions:\n  paths: [pipelines, shared]\nprune: false\n",
    };
    const result = repoPolicyFrom(
      "_extends: .github\ndefinitions:\n  kinds: [WorkflowTemplate]\n",
      server,
      shared,
    );
    expect(result).toMatchObject({
      ok: true,
      policy: {
        definitionPaths: ["pipelines/", "shared/"],
        kinds: ["WorkflowTemplate"],
        prune: false,
      },
    });
    const own = repoPolicyFrom(
      "_extends: .github\ndefinitions:\n  paths: [mine]\n",
      server,
      shared,
    );
    expect(own.ok && own.policy.definitionPaths).toEqual(["mine/"]);
  });

  it("names _extends when the shared config does not exist or is broken", () => {
    expect(
      repoPolicyFrom("prune: true\n_extends: .github\n", server, {
        name: "acme/.github",
        text: undefined,
      }),
    ).toEqual({
      ok: false,
      issues: [
        {
          key: "_extends",
          message: "acme/.github has no .github/coxswain.yml",
          position: { line: 2, column: 1 },
        },
      ],
    });
    const broken = repoPolicyFrom("_extends: .github\n", server, {
      name: "acme/.github",
      text: "prune: [\n",
    });
    expect(broken).toMatchObject({
      ok: false,
      issues: [{ key: "_extends", message: expect.stringContaining("YAML syntax error") }],
    });
  });

  it("reports a bad key the shared config brings in", () => {
    const result = repoPolicyFrom("_extends: .github\n", server, {
      name: "acme/.github",
      text: "prune: sometimes\n",
    });
    expect(result).toMatchObject({ ok: false, issues: [{ key: "prune" }] });
  });
});

describe("run settings in the repository config", () => {
  const server = policy("repositories: []\ncommands: {minimumPermission: maintain}\n");

  it("reads triggers with their defaults", () => {
    const result = repoPolicyFrom(
      "triggers:\n  - on: merge\n    template: train\n    paths: [models/**]\n    parameters: {epochs: 5, fast: true}\n",
      server,
    );
    expect(result.ok && result.policy.triggers).toEqual([
      {
        on: "merge",
        template: "train",
        paths: ["models/**"],
        parameters: { epochs: "5", fast: "true" },
        cancelInProgress: false,
      },
    ]);
  });

  it("never lets a repository require less permission than the server policy", () => {
    const lower = repoPolicyFrom("commands: {permission: write}\n", server);
    expect(lower.ok && lower.policy.commandPermission).toBe("maintain");
    const higher = repoPolicyFrom("commands: {permission: admin}\n", server);
    expect(higher.ok && higher.policy.commandPermission).toBe("admin");
  });

  it("names a bad trigger key with its line", () => {
    expect(repoPolicyFrom("triggers:\n  - on: push\n    template: train\n", server)).toMatchObject({
      ok: false,
      issues: [{ key: "triggers[0].on", position: { line: 2, column: 5 } }],
    });
  });
});
