// The server policy: what the cluster admin allows, read once at start-up from a YAML file.
// A repository's own config can only narrow it.
import { readFileSync } from "node:fs";
import picomatch from "picomatch";
import { z } from "zod";
import { loadYaml } from "../yaml/load-yaml.ts";
import { describeIssues } from "./describe-issues.ts";
import { withoutEmptyKeys } from "./empty-keys.ts";
import { serverRetentionSchema } from "./retention-config.ts";
import { permissionLevels } from "./run-config.ts";
import { slackPolicySchema } from "./slack-policy.ts";

export const definitionKinds = ["WorkflowTemplate", "CronWorkflow"] as const;
export type DefinitionKind = (typeof definitionKinds)[number];

const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const repositoryRule = z
  .object({
    match: z
      .string()
      .regex(/^[^/\s]+\/[^/\s]+$/, 'must look like "owner/name" (globs allowed, e.g. "acme/ml-*")'),
    namespace: z
      .string()
      .min(1)
      .describe("target namespace; {owner} and {repo} are replaced by the repository's"),
  })
  .strict();

export const serverPolicySchema = z
  .object({
    repositories: z.array(repositoryRule).default([]),
    kinds: z
      .array(z.enum(definitionKinds))
      .min(1)
      .default([...definitionKinds]),
    serviceAccounts: z
      .array(z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, "must be a service account name"))
      .default([])
      .describe(
        "serviceAccountName values a definition may set; leaving it unset is always allowed",
      ),
    limits: z
      .object({
        maxFiles: z.number().int().positive().default(500),
        maxFileBytes: z
          .number()
          .int()
          .positive()
          .default(256 * 1024),
      })
      .strict()
      .prefault({}),
    argo: z
      .object({
        instanceId: z
          .string()
          .optional()
          .describe("the Argo controller's instance id, when it runs with one"),
        uiUrl: z.url().optional().describe("Argo UI base URL, for links to runs"),
        serverUrl: z
          .url()
          .optional()
          .describe(
            "Argo server base URL; retries of failed steps go through its API (token: ARGO_TOKEN)",
          ),
      })
      .strict()
      .prefault({}),
    slack: slackPolicySchema.prefault({}),
    retention: serverRetentionSchema
      .prefault({})
      .describe(
        "finished runs kept per template: defaults, the most a repository may ask, how often to prune",
      ),
    commands: z
      .object({
        minimumPermission: z
          .enum(permissionLevels)
          .default("write")
          .describe("the least permission any repository may require for slash commands"),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type ServerPolicy = z.infer<typeof serverPolicySchema>;

export type PolicyLoadResult = { ok: true; policy: ServerPolicy } | { ok: false; error: string };

export function parseServerPolicy(text: string, source: string): PolicyLoadResult {
  const loaded = loadYaml(text);
  if (!loaded.ok) {
    return { ok: false, error: `${source}:${loaded.position.line}: ${loaded.message}` };
  }
  const [document] = loaded.documents;
  const parsed = serverPolicySchema.safeParse(withoutEmptyKeys(document?.value ?? {}));
  if (!parsed.success) {
    const described = describeIssues(parsed.error.issues, document);
    return {
      ok: false,
      error: described
        .map((issue) => `${source}:${issue.position.line}: ${issue.key}: ${issue.message}`)
        .join("; "),
    };
  }
  return { ok: true, policy: parsed.data };
}

export function readServerPolicy(path: string): PolicyLoadResult {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    return {
      ok: false,
      error: `${path}: cannot read the server policy (${(error as Error).message})`,
    };
  }
  return parseServerPolicy(text, path);
}

export type NamespaceResult = { ok: true; namespace: string } | { ok: false; reason: string };

/** The namespace a repository maps to, by the first matching rule, or why it has none. */
export function namespaceForRepository(policy: ServerPolicy, fullName: string): NamespaceResult {
  const [owner = "", repo = ""] = fullName.toLowerCase().split("/");
  for (const rule of policy.repositories) {
    if (!picomatch.isMatch(fullName.toLowerCase(), rule.match.toLowerCase())) continue;
    const namespace = rule.namespace.replaceAll("{owner}", owner).replaceAll("{repo}", repo);
    if (namespace.length > 63 || !dns1123Label.test(namespace)) {
      return {
        ok: false,
        reason: `the server policy maps ${fullName} to "${namespace}", which is not a valid namespace name`,
      };
    }
    return { ok: true, namespace };
  }
  return { ok: false, reason: `${fullName} is not allowed by the server policy` };
}
