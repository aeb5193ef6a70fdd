// The server policy: what the cluster admin allows, read once at start-up from a YAML file.
// A repository's own config can only narrow it.
import { readFileSync } from "node:fs";
import picomatch from "picomatch";
import { z } from "zod";
import { loadYaml } from "../yaml/load-yaml.ts";
import { describeIssues } from "./describe-issues.ts";
import { withoutEmptyKeys } from "./empty-keys.ts";
import { duration, serverRetentionSchema } from "./retention-config.ts";
import { permissionLevels } from "./run-config.ts";
import { slackPolicySchema } from "./slack-policy.ts";

export const definitionKinds = ["WorkflowTemplate", "CronWorkflow"] as const;
export type DefinitionKind = (typeof definitionKinds)[number];

const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dns1123Subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Kubernetes' Pod Security Standards levels, most to least strict. */
export const podSecurityLevels = ["restricted", "baseline", "privileged"] as const;
export type PodSecurityLevel = (typeof podSecurityLevels)[number];

/** What a change made to a synced object outside Git gets: put back from Git, or only reported. */
export const driftActions = ["revert", "report"] as const;
export type DriftAction = (typeof driftActions)[number];

/** What happens to a repository's synced objects when coxswain stops serving it. */
export const removalActions = ["keep", "prune"] as const;
export type RemovalAction = (typeof removalActions)[number];

const repositoryRule = z
  .object({
    match: z
      .string()
      .regex(/^[^/\s]+\/[^/\s]+$/, 'must look like "owner/name" (globs allowed, e.g. "acme/ml-*")'),
    namespace: z
      .string()
      .min(1)
      .describe("target namespace; {owner} and {repo} are replaced by the repository's"),
    podSecurity: z
      .enum(podSecurityLevels)
      .default("baseline")
      .describe(
        "the Pod Security Standard every pod of the repository's pipelines must meet (Kubernetes' levels)",
      ),
    resourceKinds: z
      .array(
        z
          .string()
          .regex(
            /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Z][A-Za-z0-9]*$/,
            'must be a kind: "ConfigMap" (core) or "group/Kind", e.g. "batch/Job"',
          ),
      )
      .default([])
      .describe("kinds `resource` templates may act on (none unless listed)"),
    clusterWorkflowTemplates: z
      .array(z.string().regex(dns1123Subdomain, "must be a ClusterWorkflowTemplate name"))
      .default([])
      .describe("ClusterWorkflowTemplates a `templateRef` with `clusterScope: true` may call"),
    drift: z
      .enum(driftActions)
      .default("revert")
      .describe(
        "a synced object changed or deleted outside Git: revert (put it back from Git) or report (leave it, say so)",
      ),
    onRemove: z
      .enum(removalActions)
      .optional()
      .describe(
        "when the repository leaves the installation or the App is uninstalled: keep its synced objects, or prune them (default: the policy's onRemove)",
      ),
  })
  .strict();

/** What one repository's definitions may make the cluster do, beyond the policy-wide rules. */
export interface Admission {
  /** A rule of the server policy, or the defaults (no rule names the repository, a bare lint). */
  source: "server policy" | "coxswain's default";
  podSecurity: PodSecurityLevel;
  resourceKinds: string[];
  clusterWorkflowTemplates: string[];
}

/** A repository no rule names (a lint without a policy): the defaults of a rule. */
export const defaultAdmission: Admission = {
  source: "coxswain's default",
  podSecurity: "baseline",
  resourceKinds: [],
  clusterWorkflowTemplates: [],
};

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
        maxRepositoryBytes: z
          .number()
          .int()
          .positive()
          .default(100 * 1024 * 1024)
          .describe(
            "bytes of Git objects kept per repository; a repository that needs more is refused",
          ),
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
    reconcile: z
      .object({
        every: duration
          .default(600)
          .describe(
            "how often the leader re-reads every repository's default branch and puts back drift (default 10m, jittered)",
          ),
        concurrency: z
          .number()
          .int()
          .positive()
          .max(32)
          .default(4)
          .describe("repositories reconciled at once"),
      })
      .strict()
      .prefault({}),
    onRemove: z
      .enum(removalActions)
      .default("keep")
      .describe(
        "what happens to a repository's synced objects when it leaves the installation, the App is uninstalled or no rule names it any more: keep or prune",
      ),
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
        maxPerComment: z
          .number()
          .int()
          .positive()
          .max(100)
          .default(10)
          .describe("commands one comment may carry; a comment with more runs none of them"),
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
  const rule = ruleFor(policy, fullName);
  if (rule) {
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

/** What the first rule matching the repository admits (the defaults when none matches). */
export function admissionFor(policy: ServerPolicy, fullName: string | undefined): Admission {
  const rule = fullName === undefined ? undefined : ruleFor(policy, fullName);
  if (!rule) return defaultAdmission;
  const { podSecurity, resourceKinds, clusterWorkflowTemplates } = rule;
  return { source: "server policy", podSecurity, resourceKinds, clusterWorkflowTemplates };
}

/**
 * True when some rule of the policy could map a repository to `namespace` ({owner} and {repo}
 * stand for any name): the namespaces whose synced objects coxswain may clean up.
 */
export function governsNamespace(policy: ServerPolicy, namespace: string): boolean {
  return policy.repositories.some((rule) => {
    const pattern = rule.namespace
      .split(/\{owner\}|\{repo\}/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join("[a-z0-9._-]+");
    return new RegExp(`^${pattern}$`).test(namespace);
  });
}

/** What the policy says about drift in the repository's objects (revert, when no rule names it). */
export function driftActionFor(policy: ServerPolicy, fullName: string): DriftAction {
  return ruleFor(policy, fullName)?.drift ?? "revert";
}

/** What happens to the repository's objects when coxswain stops serving it. */
export function removalActionFor(policy: ServerPolicy, fullName: string): RemovalAction {
  return ruleFor(policy, fullName)?.onRemove ?? policy.onRemove;
}

function ruleFor(policy: ServerPolicy, fullName: string) {
  return policy.repositories.find((rule) =>
    picomatch.isMatch(fullName.toLowerCase(), rule.match.toLowerCase()),
  );
}
