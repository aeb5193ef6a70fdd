// How long finished runs are kept: per template, the newest `keepLast` and none older than
// `maxAge`. The server policy sets the defaults and the upper bounds; a repository may keep
// fewer or shorter (per template, too), never more.
import { z } from "zod";

const durationPattern = /^(\d+)(s|m|h|d)$/;
const unitSeconds: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** "90s", "30m", "12h", "7d" → seconds. */
export const duration = z
  .string()
  .regex(durationPattern, 'must be a number and a unit: s, m, h or d (e.g. "7d")')
  .transform((text) => {
    const [, amount, unit] = durationPattern.exec(text) ?? [];
    return Number(amount) * (unitSeconds[unit ?? "s"] ?? 1);
  });

const keepLast = z.number().int().min(1);

export const retentionRuleSchema = z
  .object({
    keepLast: keepLast.optional().describe("finished runs kept per template, newest first"),
    maxAge: duration.optional().describe('finished runs older than this are deleted (e.g. "7d")'),
  })
  .strict();

export const repoRetentionSchema = retentionRuleSchema
  .extend({
    templates: z
      .record(z.string(), retentionRuleSchema)
      .default({})
      .describe("per-template rules, over the ones above"),
  })
  .strict();

export const serverRetentionSchema = z
  .object({
    keepLast: keepLast.default(20),
    maxAge: duration.default(7 * 86_400),
    maxKeepLast: keepLast.default(100).describe("the most a repository may keep per template"),
    maxMaxAge: duration.default(30 * 86_400).describe("the longest a repository may keep a run"),
    every: duration.default(300).describe("how often the leader prunes (default 5m)"),
    records: duration
      .default(365 * 86_400)
      .describe("how long the run ledger keeps a run's record after it ended (default 365d)"),
  })
  .strict();

export type RepoRetention = z.infer<typeof repoRetentionSchema>;
export type ServerRetention = z.infer<typeof serverRetentionSchema>;

/** One template's rule, resolved: what the pruner applies. */
export interface Retention {
  keepLast: number;
  maxAgeSeconds: number;
}

export type RetentionResult =
  | { ok: true; retention: Retention; templates: Record<string, Retention> }
  | { ok: false; key: string; message: string };

export function resolveRetention(repo: RepoRetention, server: ServerRetention): RetentionResult {
  const base = {
    keepLast: repo.keepLast ?? server.keepLast,
    maxAgeSeconds: repo.maxAge ?? server.maxAge,
  };
  const checks: Array<[string, Retention]> = [["retention", base]];
  const templates: Record<string, Retention> = {};
  for (const [name, rule] of Object.entries(repo.templates)) {
    templates[name] = {
      keepLast: rule.keepLast ?? base.keepLast,
      maxAgeSeconds: rule.maxAge ?? base.maxAgeSeconds,
    };
    checks.push([`retention.templates.${name}`, templates[name]]);
  }
  for (const [key, rule] of checks) {
    if (rule.keepLast > server.maxKeepLast)
      return {
        ok: false,
        key: `${key}.keepLast`,
        message: `${rule.keepLast} is more than the server policy allows (${server.maxKeepLast})`,
      };
    if (rule.maxAgeSeconds > server.maxMaxAge)
      return {
        ok: false,
        key: `${key}.maxAge`,
        message: `longer than the server policy allows (${server.maxMaxAge / 86_400}d)`,
      };
  }
  return { ok: true, retention: base, templates };
}
