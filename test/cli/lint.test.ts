import { spawnSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadArgoSchemaValidator } from "../../app/argo/argo-schema.ts";
import { main } from "../../app/cli/main.ts";
import { readServerPolicy } from "../../app/config/server-policy.ts";
import { readRepoDefinitions } from "../../app/definitions/read-definitions.ts";
import { workflowTemplate } from "../support/pipelines.ts";
import { argoSchemaPath } from "../support/shared-data.ts";
import { type TempRepoDir, tempRepoDir } from "../support/temp-repo-dir.ts";

let repo: TempRepoDir | undefined;
afterEach(async () => {
  await repo?.cleanup();
  repo = undefined;
});

const broken = workflowTemplate("eval").replace("      container:\n", "      contianer:\n");

// A schedule whose runs would carry another repository's identity: Argo copies
// workflowMetadata onto each run it starts, over coxswain's own labels and annotations.
const forgedCron = `apiVersion: argoproj.io/v1alpha1
kind: CronWorkflow
metadata:
  name: nightly
spec:
  schedules: ["0 2 * * *"]
  workflowMetadata:
    labels:
      coxswain.dev/repo: acme.other
  workflowSpec:
    workflowMetadata:
      annotations:
        coxswain.dev/pr-comment-id: "99"
    workflowTemplateRef:
      name: train
`;

const policyYaml = `repositories:
  - match: acme/recommender
    namespace: ml-recommender
    podSecurity: restricted
serviceAccounts: [ml-runner]
`;

const privilegedRoot = workflowTemplate("train", {
  extra: "        securityContext:\n          privileged: true\n",
}).replace("  entrypoint: main\n", "  entrypoint: main\n  serviceAccountName: cluster-admin\n");

describe("coxswain lint", () => {
  it("prints one file:line:col line per problem and exits 1", async () => {
    repo = await tempRepoDir({
      "workflows/eval.yaml": broken,
      "workflows/train.yaml": workflowTemplate("train"),
    });
    const result = await main(["lint", repo.dir], {});
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe(
      `${repo.dir}/workflows/eval.yaml:21:7: unknown field "contianer" in spec.templates[1]; did you mean "container"?\n`,
    );
  });

  it("exits 0 and counts the definitions when everything is valid", async () => {
    repo = await tempRepoDir({ "workflows/train.yaml": workflowTemplate("train") });
    expect(await main(["lint", repo.dir], {})).toEqual({
      exitCode: 0,
      stdout: "1 definition valid\n",
      stderr: "",
    });
  });

  it("answers JSON with --format json", async () => {
    repo = await tempRepoDir({ "workflows/eval.yaml": broken });
    const result = await main(["lint", repo.dir, "--format", "json"], {});
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      ok: false,
      definitions: [],
      problems: [
        {
          file: "workflows/eval.yaml",
          line: 21,
          column: 7,
          severity: "error",
          message: 'unknown field "contianer" in spec.templates[1]; did you mean "container"?',
        },
      ],
    });
  });

  it("refuses a CronWorkflow that forges coxswain's identity in workflowMetadata", async () => {
    repo = await tempRepoDir({
      "workflows/train.yaml": workflowTemplate("train"),
      "workflows/nightly.yaml": forgedCron,
    });
    const result = await main(["lint", repo.dir], {});
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe(
      [
        `${repo.dir}/workflows/nightly.yaml:9:7: label "coxswain.dev/repo" in spec.workflowMetadata.labels is reserved for coxswain: Argo copies workflowMetadata onto every run, over the identity coxswain gives the run; remove it`,
        `${repo.dir}/workflows/nightly.yaml:13:9: annotation "coxswain.dev/pr-comment-id" in spec.workflowSpec.workflowMetadata.annotations is reserved for coxswain: Argo copies workflowMetadata onto every run, over the identity coxswain gives the run; remove it`,
        "",
      ].join("\n"),
    );
  });

  it("without --policy holds pods to baseline, the default, and leaves service accounts unchecked", async () => {
    repo = await tempRepoDir({ "workflows/train.yaml": privilegedRoot });
    const result = await main(["lint", repo.dir], {});
    expect(result).toEqual({
      exitCode: 1,
      stdout: `${repo.dir}/workflows/train.yaml:26:11: baseline pod security (coxswain's default) forbids privileged containers: spec.templates[1].container.securityContext.privileged is true; remove it or set it to false\n`,
      stderr: "",
    });
  });

  it("with --policy and --repo says exactly what a sync of that repository says, with its level", async () => {
    repo = await tempRepoDir({ "workflows/train.yaml": privilegedRoot });
    const policyFile = join(repo.dir, "policy.yaml");
    await writeFile(policyFile, policyYaml);
    const args = ["lint", repo.dir, "--policy", policyFile, "--repo", "acme/recommender"];
    const result = await main(args, {});
    const policy = readServerPolicy(policyFile);
    if (!policy.ok) throw new Error(policy.error);
    const sync = await readRepoDefinitions(repo.snapshot, {
      server: policy.policy,
      namespace: "ml-recommender",
      repoFullName: "acme/recommender",
      schema: loadArgoSchemaValidator(argoSchemaPath),
    });
    if (sync.ok) throw new Error("the sync refuses it");
    const syncLines = sync.problems.map(
      (p) => `${repo?.dir}/${p.file}:${p.line}:${p.column}: ${p.message}`,
    );
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe(`${syncLines.join("\n")}\n`);
    expect(syncLines.map((line) => line.replace(`${repo?.dir}/`, ""))).toEqual([
      'workflows/train.yaml:7:3: service account "cluster-admin" is not allowed by the server policy (allowed: ml-runner)',
      "workflows/train.yaml:25:9: restricted pod security (server policy) requires allowPrivilegeEscalation: false on every container: spec.templates[1].container.securityContext.allowPrivilegeEscalation is not set; set it to false there",
      "workflows/train.yaml:25:9: restricted pod security (server policy) requires every container to drop ALL capabilities: spec.templates[1].container.securityContext.capabilities.drop is not set; set capabilities.drop: [ALL] there",
      "workflows/train.yaml:25:9: restricted pod security (server policy) requires runAsNonRoot: true for every container: spec.templates[1].container.securityContext.runAsNonRoot is not set; set runAsNonRoot: true there, or for the whole pod in spec.templates[1].securityContext or spec.securityContext",
      "workflows/train.yaml:25:9: restricted pod security (server policy) requires a RuntimeDefault or Localhost seccomp profile for every container: spec.templates[1].container.securityContext.seccompProfile.type is not set; set seccompProfile.type: RuntimeDefault there, or for the whole pod in spec.templates[1].securityContext or spec.securityContext",
      "workflows/train.yaml:26:11: restricted pod security (server policy) forbids privileged containers: spec.templates[1].container.securityContext.privileged is true; remove it or set it to false",
    ]);
  });

  it("refuses bad usage with exit code 2", async () => {
    expect(await main(["lint", ".", "--format", "xml"], {})).toMatchObject({
      exitCode: 2,
      stderr: "coxswain: --format must be text or json\n",
    });
    expect(await main(["deploy"], {})).toMatchObject({
      exitCode: 2,
      stderr: expect.stringContaining('unknown command "deploy"'),
    });
  });

  it("runs as the coxswain command from bin/", async () => {
    repo = await tempRepoDir({ "workflows/eval.yaml": broken });
    const run = spawnSync(process.execPath, ["bin/coxswain.mjs", "lint", repo.dir], {
      encoding: "utf8",
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("workflows/eval.yaml:21:7: unknown field");
  });
});
