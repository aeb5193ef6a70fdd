// The repository's own config, `.github/coxswain.yml`, read at the commit being synced.
// Every key is optional; a missing file means the defaults.
import { z } from "zod";
import { loadYaml, type YamlDocument } from "../yaml/load-yaml.ts";
import { type ConfigIssue, describeIssues } from "./describe-issues.ts";
import { withoutEmptyKeys } from "./empty-keys.ts";
import { type MetricsConfig, metricsSchema } from "./metrics-config.ts";
import { notificationsSchema, type SlackNotify, slackNotifyOf } from "./notifications-config.ts";
import { type Retention, repoRetentionSchema, resolveRetention } from "./retention-config.ts";
import {
  commandsSchema,
  type PermissionLevel,
  runsSchema,
  stricterPermission,
  type Trigger,
  triggerSchema,
} from "./run-config.ts";
import {
  type Admission,
  admissionFor,
  type DefinitionKind,
  definitionKinds,
  type ServerPolicy,
} from "./server-policy.ts";

export const repoConfigPath = ".github/coxswain.yml";

const definitionDirectory = z
  .string()
  .refine((path) => !path.startsWith("/") && !path.split("/").includes(".."), {
    message: 'must be a folder inside the repository (no leading "/", no "..")',
  })
  .transform(normalizeDirectory);

export const repoConfigSchema = z
  .object({
    definitions: z
      .object({
        paths: z
          .array(definitionDirectory)
          .min(1)
          .default(["workflows/"])
          .describe("folders whose .yaml/.yml files are synced (subfolders included)"),
        kinds: z
          .array(z.enum(definitionKinds))
          .min(1)
          .optional()
          .describe("kinds this repository syncs; a subset of what the server policy allows"),
      })
      .strict()
      .prefault({}),
    prune: z.boolean().default(true).describe("delete from the cluster what was deleted from Git"),
    triggers: z.array(triggerSchema).default([]).describe("runs started by events"),
    runs: runsSchema.prefault({}),
    commands: commandsSchema.prefault({}),
    notifications: notificationsSchema.prefault({}),
    metrics: metricsSchema,
    retention: repoRetentionSchema
      .prefault({})
      .describe("finished runs kept per template (within the server policy's bounds)"),
    _extends: z
      .string()
      .min(1)
      .optional()
      .describe(
        "build on another repository's .github/coxswain.yml: `.github` (the organisation's), `name` or `owner/name`; this file's keys win",
      ),
  })
  .strict();

export type RepoConfig = z.infer<typeof repoConfigSchema>;

/** What a repository may do: the server policy narrowed by its config. */
export interface RepoPolicy {
  definitionPaths: string[];
  kinds: DefinitionKind[];
  prune: boolean;
  /** Allowed serviceAccountName values; undefined when unknown (a lint without a server policy). */
  serviceAccounts?: string[];
  /** Pod security, resource kinds and cluster templates the server policy's rule admits. */
  admission: Admission;
  maxFiles: number;
  maxFileBytes: number;
  triggers: Trigger[];
  /** Whether a run embeds its template's spec from Git or refers to the synced template. */
  runDefinition: "embedded" | "templateRef";
  /** The least permission on the repository for the slash commands. */
  commandPermission: PermissionLevel;
  /** Stop a pull request's running runs when it is closed or merged. */
  stopOnClose: boolean;
  /** Where runs are announced in Slack, if anywhere. */
  slack?: SlackNotify;
  /** Output parameters compared with the default branch's last successful run. */
  metrics: MetricsConfig;
  /** Finished runs kept: the repository's rule, and per-template ones over it. */
  retention: { default: Retention; templates: Record<string, Retention> };
}

export type RepoPolicyResult =
  | { ok: true; policy: RepoPolicy }
  | { ok: false; issues: ConfigIssue[] };

/** The config an `_extends` names, as read from GitHub (undefined: it does not exist). */
export interface SharedConfig {
  name: string;
  text: string | undefined;
}

/** Where `_extends` points, if the config text has one (to fetch it before reading the policy). */
export function extendsOf(text: string | undefined): string | undefined {
  const loaded = text === undefined ? undefined : loadYaml(text);
  const value = loaded?.ok ? loaded.documents[0]?.value : undefined;
  const target = (value as { _extends?: unknown } | null | undefined)?._extends;
  return typeof target === "string" && target !== "" ? target : undefined;
}

export function repoPolicyFrom(
  text: string | undefined,
  server: ServerPolicy,
  shared?: SharedConfig,
  /** The repository, for its rule in the server policy (unknown: a rule's defaults). */
  repoFullName?: string,
): RepoPolicyResult {
  const loaded = text === undefined ? undefined : loadYaml(text);
  if (loaded && !loaded.ok) {
    return {
      ok: false,
      issues: [{ key: "(file)", message: loaded.message, position: loaded.position }],
    };
  }
  const document = loaded?.documents[0];
  const own = withoutEmptyKeys(document?.value ?? {});
  const base = sharedBase(shared, document);
  if (!base.ok) return base;
  const parsed = repoConfigSchema.safeParse(mergeConfig(base.value, own));
  if (!parsed.success) return { ok: false, issues: describeIssues(parsed.error.issues, document) };
  const config = parsed.data;
  const kinds = config.definitions.kinds ?? server.kinds;
  const refused = kinds.filter((kind) => !server.kinds.includes(kind));
  if (refused.length > 0) {
    return {
      ok: false,
      issues: [
        {
          key: "definitions.kinds",
          message: `${refused.join(", ")} not allowed by the server policy (allowed: ${server.kinds.join(", ")})`,
          position: document?.locate(["definitions", "kinds"]) ?? { line: 1, column: 1 },
        },
      ],
    };
  }
  const slack = slackNotifyOf(config.notifications, server.slack);
  if (!slack.ok) {
    return {
      ok: false,
      issues: [
        {
          key: "notifications.slack.channel",
          message: slack.message,
          position: document?.locate(["notifications", "slack", "channel"]) ?? {
            line: 1,
            column: 1,
          },
        },
      ],
    };
  }
  const retention = resolveRetention(config.retention, server.retention);
  if (!retention.ok) {
    const path = retention.key.split(".");
    return {
      ok: false,
      issues: [
        {
          key: retention.key,
          message: retention.message,
          position: document?.locate(path) ?? { line: 1, column: 1 },
        },
      ],
    };
  }
  return {
    ok: true,
    policy: {
      ...(slack.slack ? { slack: slack.slack } : {}),
      retention: { default: retention.retention, templates: retention.templates },
      metrics: config.metrics,
      definitionPaths: config.definitions.paths,
      kinds,
      prune: config.prune,
      serviceAccounts: server.serviceAccounts,
      admission: admissionFor(server, repoFullName),
      maxFiles: server.limits.maxFiles,
      maxFileBytes: server.limits.maxFileBytes,
      triggers: config.triggers,
      runDefinition: config.runs.definition,
      stopOnClose: config.runs.stopOnClose,
      commandPermission: stricterPermission(
        config.commands.permission,
        server.commands.minimumPermission,
      ),
    },
  };
}

function sharedBase(
  shared: SharedConfig | undefined,
  document: YamlDocument | undefined,
): { ok: true; value: unknown } | { ok: false; issues: ConfigIssue[] } {
  if (!shared) return { ok: true, value: {} };
  const position = document?.locate(["_extends"]) ?? { line: 1, column: 1 };
  const fail = (message: string) => ({
    ok: false as const,
    issues: [{ key: "_extends", message, position }],
  });
  if (shared.text === undefined) return fail(`${shared.name} has no ${repoConfigPath}`);
  const loaded = loadYaml(shared.text);
  if (!loaded.ok)
    return fail(
      `${shared.name}'s ${repoConfigPath}: ${loaded.message} (line ${loaded.position.line})`,
    );
  const value = withoutEmptyKeys(loaded.documents[0]?.value ?? {});
  // One level only: the shared config's own _extends is not followed.
  const { _extends: _ignored, ...rest } = (value ?? {}) as Record<string, unknown>;
  return { ok: true, value: rest };
}

/** The repository's keys win; mappings merge key by key, lists are replaced whole. */
function mergeConfig(base: unknown, own: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(own)) return own === undefined ? base : own;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(own)) merged[key] = mergeConfig(base[key], value);
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function normalizeDirectory(path: string): string {
  const trimmed = path.replace(/^\.\/+/, "").replace(/\/+$/, "");
  return trimmed === "" || trimmed === "." ? "" : `${trimmed}/`;
}
