// Starts a run of a template as defined at a commit: find the template among the commit's
// (valid) definitions, check the parameters, create the Workflow. Creating the same run twice
// (a redelivered event) finds the first one instead.
import { closest, distance } from "fastest-levenshtein";
import type { ArgoSchemaValidator } from "../argo/argo-schema.ts";
import type { ArgoCluster } from "../cluster/argo-cluster.ts";
import type { ArgoObject } from "../cluster/argo-kinds.ts";
import { KubeApiError } from "../cluster/kube-api-error.ts";
import type { RepoPolicy } from "../config/repo-config.ts";
import type { ServerPolicy } from "../config/server-policy.ts";
import type { Definition } from "../definitions/definition.ts";
import { readRepoDefinitions } from "../definitions/read-definitions.ts";
import type { RepoSnapshot } from "../git/repo-mirror.ts";
import { buildRun, type RunRequest } from "./build-run.ts";
import type { RunSigner } from "./run-identity.ts";
import { type DeclaredParameter, runParameters } from "./run-parameters.ts";

export interface StartRunDeps {
  cluster: ArgoCluster;
  server: ServerPolicy;
  schema: ArgoSchemaValidator;
  /** Signs the run's identity, so reporters know it for coxswain's own. */
  signer: RunSigner;
}

export interface StartRunInput extends Omit<RunRequest, "slack" | "metrics"> {
  /**
   * What the run takes from config: the default branch's (with `_extends`), never the commit's
   * own, so a pull request cannot move its Slack channel or relax its metrics gate.
   */
  policy: Pick<RepoPolicy, "slack" | "metrics" | "runDefinition">;
  snapshot: RepoSnapshot;
  parameters: Readonly<Record<string, string>>;
  /** The commit's definitions when the caller has just read them (a sync), to not read twice. */
  definitions?: { policy: RepoPolicy; definitions: Definition[] };
}

export type StartRunResult =
  | { ok: true; run: ArgoObject; created: boolean; policy: RepoPolicy }
  | { ok: false; problems: string[] };

const shownProblems = 5;

export async function startRun(input: StartRunInput, deps: StartRunDeps): Promise<StartRunResult> {
  const read =
    input.definitions !== undefined
      ? ({ ok: true, ...input.definitions } as const)
      : await readRepoDefinitions(input.snapshot, {
          server: deps.server,
          namespace: input.namespace,
          repoFullName: input.repoFullName,
          schema: deps.schema,
        });
  if (!read.ok) {
    const errors = read.problems.filter((problem) => problem.severity === "error");
    const lines = errors.slice(0, shownProblems).map((p) => `${p.file}:${p.line}: ${p.message}`);
    if (errors.length > shownProblems) lines.push(`… and ${errors.length - shownProblems} more`);
    return {
      ok: false,
      problems: [`the definitions at ${input.commit.slice(0, 7)} are invalid:`, ...lines],
    };
  }
  const templates = read.definitions.filter((definition) => definition.kind === "WorkflowTemplate");
  const found = templates.find((definition) => definition.name === input.template);
  if (!found)
    return {
      ok: false,
      problems: [
        unknownTemplate(
          input.template,
          templates.map((t) => t.name),
        ),
      ],
    };
  const spec = (found.document.spec ?? {}) as Record<string, unknown>;
  const declared =
    (spec.arguments as { parameters?: DeclaredParameter[] } | undefined)?.parameters ?? [];
  const parameters = runParameters(input.template, declared, input.parameters);
  if (!parameters.ok) return { ok: false, problems: parameters.problems };
  const workflow = buildRun(
    {
      ...input,
      ...(deps.server.argo.instanceId ? { controllerInstanceId: deps.server.argo.instanceId } : {}),
      ...(input.policy.slack ? { slack: input.policy.slack } : {}),
      metrics: input.policy.metrics,
    },
    { name: found.name, spec },
    parameters.parameters,
    input.policy.runDefinition,
    deps.signer,
  );
  try {
    const run = await deps.cluster.create("Workflow", input.namespace, workflow);
    return { ok: true, run, created: true, policy: read.policy };
  } catch (error) {
    if (!(error instanceof KubeApiError) || error.code !== 409) throw error;
    const existing = await deps.cluster.get("Workflow", input.namespace, workflow.metadata.name);
    if (!existing) throw error;
    return { ok: true, run: existing, created: false, policy: read.policy };
  }
}

function unknownTemplate(name: string, known: string[]): string {
  const near = known.length ? closest(name, known) : undefined;
  const hint =
    near && distance(name, near) <= Math.max(2, Math.floor(name.length / 3))
      ? `; did you mean ${near}?`
      : "";
  return `there is no WorkflowTemplate ${name}${hint} (defined: ${known.sort().join(", ") || "none"})`;
}
