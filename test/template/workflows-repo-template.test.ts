// The repository a team copies to start: every file passes the same validation as a sync (with
// the example server policy), and every trigger names a template that exists and parameters
// it declares, so a merge or `/run` works the first time.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadArgoSchemaValidator } from "../../app/argo/argo-schema.ts";
import { main } from "../../app/cli/main.ts";
import { readServerPolicy } from "../../app/config/server-policy.ts";
import { readRepoDefinitions } from "../../app/definitions/read-definitions.ts";
import { directorySnapshot } from "../../app/git/directory-snapshot.ts";
import { type DeclaredParameter, runParameters } from "../../app/runs/run-parameters.ts";
import { argoSchemaPath } from "../support/shared-data.ts";

const templateDir = fileURLToPath(new URL("../../workflows-repo-template/", import.meta.url));
const examplePolicy = fileURLToPath(new URL("../../policy.example.yaml", import.meta.url));

async function definitions() {
  const policy = readServerPolicy(examplePolicy);
  if (!policy.ok) throw new Error(policy.error);
  return readRepoDefinitions(directorySnapshot(templateDir), {
    server: policy.policy,
    namespace: "ml-pipelines",
    schema: loadArgoSchemaValidator(argoSchemaPath),
  });
}

describe("workflows-repo-template/", () => {
  it("passes coxswain lint with the example server policy, warnings included", async () => {
    const result = await main(
      ["lint", templateDir, "--policy", examplePolicy, "--repo", "acme/ml-pipelines"],
      {},
    );
    expect(result).toEqual({ exitCode: 0, stdout: "5 definitions valid\n", stderr: "" });
  });

  it("meets the restricted Pod Security Standard, which the example policy asks of acme/recommender", async () => {
    const result = await main(
      ["lint", templateDir, "--policy", examplePolicy, "--repo", "acme/recommender"],
      {},
    );
    expect(result).toEqual({ exitCode: 0, stdout: "5 definitions valid\n", stderr: "" });
  });

  it("defines the pipelines its README describes", async () => {
    const read = await definitions();
    expect(read.ok && read.definitions.map((d) => `${d.kind}/${d.name}`).sort()).toEqual([
      "CronWorkflow/nightly-retrain",
      "WorkflowTemplate/batch-recommender",
      "WorkflowTemplate/experiment-fanout",
      "WorkflowTemplate/hyperparameter-sweep",
      "WorkflowTemplate/train-evaluate-publish",
    ]);
    const readme = readFileSync(`${templateDir}README.md`, "utf8");
    if (read.ok) for (const d of read.definitions) expect(readme).toContain(`\`${d.name}\``);
  });

  it("has triggers whose templates exist and accept their parameters", async () => {
    const read = await definitions();
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    expect(read.policy.triggers.length).toBeGreaterThan(0);
    for (const trigger of read.policy.triggers) {
      const template = read.definitions.find(
        (d) => d.kind === "WorkflowTemplate" && d.name === trigger.template,
      );
      expect(template, trigger.template).toBeDefined();
      const spec = template?.document.spec as { arguments?: { parameters?: DeclaredParameter[] } };
      const checked = runParameters(
        trigger.template,
        spec.arguments?.parameters ?? [],
        trigger.parameters,
      );
      expect(checked.ok, JSON.stringify(checked)).toBe(true);
    }
  });

  it("schedules its CronWorkflow from a template it defines", async () => {
    const read = await definitions();
    if (!read.ok) throw new Error("invalid");
    const cron = read.definitions.find((d) => d.kind === "CronWorkflow");
    const spec = cron?.document.spec as
      | { workflowSpec?: { workflowTemplateRef?: { name?: string } } }
      | undefined;
    const ref = spec?.workflowSpec?.workflowTemplateRef?.name;
    expect(ref).toBe("train-evaluate-publish");
    expect(read.definitions.some((d) => d.kind === "WorkflowTemplate" && d.name === ref)).toBe(
      true,
    );
  });
});
