// The repository's own config, `.github/coxswain.yml`, read at the commit being synced.
// Every key is optional; a missing file means the defaults.
import { z } from "zod";
import { loadYaml } from "../yaml/load-yaml.ts";
import { type ConfigIssue, describeIssues } from "./describe-issues.ts";
import { withoutEmptyKeys } from "./empty-keys.ts";
import { type DefinitionKind, definitionKinds, type ServerPolicy } from "./server-policy.ts";

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
  maxFiles: number;
  maxFileBytes: number;
}

export type RepoPolicyResult =
  | { ok: true; policy: RepoPolicy }
  | { ok: false; issues: ConfigIssue[] };

export function repoPolicyFrom(text: string | undefined, server: ServerPolicy): RepoPolicyResult {
  const loaded = text === undefined ? undefined : loadYaml(text);
  if (loaded && !loaded.ok) {
    return {
      ok: false,
      issues: [{ key: "(file)", message: loaded.message, position: loaded.position }],
    };
  }
  const document = loaded?.documents[0];
  const parsed = repoConfigSchema.safeParse(withoutEmptyKeys(document?.value ?? {}));
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
  return {
    ok: true,
    policy: {
      definitionPaths: config.definitions.paths,
      kinds,
      prune: config.prune,
      serviceAccounts: server.serviceAccounts,
      maxFiles: server.limits.maxFiles,
      maxFileBytes: server.limits.maxFileBytes,
    },
  };
}

function normalizeDirectory(path: string): string {
  const trimmed = path.replace(/^\.\/+/, "").replace(/\/+$/, "");
  return trimmed === "" || trimmed === "." ? "" : `${trimmed}/`;
}
