// What both CLI commands share: Argo's schema, the server policy (or defaults) and the
// namespace the repository maps to.
import type { ArgoSchemaValidator } from "../argo/argo-schema.ts";
import { loadArgoSchemaValidator } from "../argo/argo-schema.ts";
import { settingsFromEnv } from "../config/env.ts";
import {
  namespaceForRepository,
  readServerPolicy,
  type ServerPolicy,
  serverPolicySchema,
} from "../config/server-policy.ts";

export interface CliOptions {
  policy?: string;
  repo?: string;
  namespace?: string;
}

export interface CliContext {
  schema: ArgoSchemaValidator;
  server: ServerPolicy;
  /** Whether the server policy is the admin's (so its service accounts apply). */
  policyKnown: boolean;
  namespace?: string;
  /** The repository (`--repo`), for its rule in the server policy. */
  repoFullName?: string;
}

export class CliError extends Error {}

export function cliContext(options: CliOptions, env: NodeJS.ProcessEnv): CliContext {
  const settings = settingsFromEnv({ ...env, APP_ID: undefined });
  if (!settings.ok) throw new CliError(settings.error);
  const schema = loadArgoSchemaValidator(settings.settings.argoSchemaPath);
  let server: ServerPolicy = serverPolicySchema.parse({});
  if (options.policy) {
    const read = readServerPolicy(options.policy);
    if (!read.ok) throw new CliError(read.error);
    server = read.policy;
  }
  let namespace = options.namespace;
  if (!namespace && options.policy && options.repo) {
    const mapped = namespaceForRepository(server, options.repo);
    if (!mapped.ok) throw new CliError(mapped.reason);
    namespace = mapped.namespace;
  }
  return {
    schema,
    server,
    policyKnown: options.policy !== undefined,
    ...(namespace ? { namespace } : {}),
    ...(options.repo ? { repoFullName: options.repo } : {}),
  };
}
