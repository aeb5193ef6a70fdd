import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ArgoSchemaValidator, loadArgoSchemaValidator } from "../../app/argo/argo-schema.ts";
import { parseServerPolicy, type ServerPolicy } from "../../app/config/server-policy.ts";
import { type ReadContext, readRepoDefinitions } from "../../app/definitions/read-definitions.ts";
import { cronWorkflow, workflowTemplate } from "../support/pipelines.ts";
import { argoSchemaPath } from "../support/shared-data.ts";
import { type TempRepoDir, tempRepoDir } from "../support/temp-repo-dir.ts";

let schema: ArgoSchemaValidator;
let repo: TempRepoDir | undefined;

beforeAll(() => {
  schema = loadArgoSchemaValidator(argoSchemaPath);
});
afterEach(async () => {
  await repo?.cleanup();
  repo = undefined;
});

function server(yaml = ""): ServerPolicy {
  const parsed = parseServerPolicy(`repositories: []\n${yaml}`, "policy.yaml");
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.policy;
}

async function read(files: Record<string, string | Buffer>, context: Partial<ReadContext> = {}) {
  repo = await tempRepoDir(files);
  return readRepoDefinitions(repo.snapshot, {
    server: server(),
    namespace: "ml-team",
    schema,
    ...context,
  });
}

async function problemsOf(
  files: Record<string, string | Buffer>,
  context: Partial<ReadContext> = {},
) {
  const result = await read(files, context);
  if (result.ok) throw new Error("expected problems");
  return result.problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`);
}

describe("reading a repository's definitions", () => {
  it("reads WorkflowTemplates and CronWorkflows under the definitions folder only", async () => {
    const result = await read({
      "workflows/train.yaml": workflowTemplate("train"),
      "workflows/nightly/cron.yml": cronWorkflow("nightly", "train"),
      "workflows/notes.md": "not yaml",
      "other/ignored.yaml": "kind: Nonsense\n",
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.definitions.map((d) => [d.kind, d.name, d.file, d.line])).toEqual([
      ["CronWorkflow", "nightly", "workflows/nightly/cron.yml", 1],
      ["WorkflowTemplate", "train", "workflows/train.yaml", 1],
    ]);
  });

  it("follows the folders named in .github/coxswain.yml", async () => {
    const result = await read({
      ".github/coxswain.yml": "definitions:\n  paths: [pipelines]\n",
      "pipelines/train.yaml": workflowTemplate("train"),
      "workflows/old.yaml": workflowTemplate("old"),
    });
    expect(result.ok && result.definitions.map((d) => d.name)).toEqual(["train"]);
  });

  it("reports a YAML syntax error at its line", async () => {
    expect(
      await problemsOf({
        "workflows/bad.yaml": "kind: WorkflowTemplate\nmetadata: [\n  name: x\n",
      }),
    ).toEqual([
      "workflows/bad.yaml:4:1: YAML syntax error: unexpected end of the stream within a flow collection",
    ]);
  });

  it("reports a misspelt field at the line of the key, with a suggestion", async () => {
    const text = workflowTemplate("train").replace("      container:\n", "      contianer:\n");
    expect(await problemsOf({ "workflows/train.yaml": text })).toEqual([
      'workflows/train.yaml:21:7: unknown field "contianer" in spec.templates[1]; did you mean "container"?',
    ]);
  });

  it("collects every problem of every file, not only the first", async () => {
    const problems = await problemsOf({
      "workflows/a.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n",
      "workflows/b.yaml": `${workflowTemplate("b")}---\napiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  generateName: run-\nspec:\n  entrypoint: main\n`,
      "workflows/c.yaml": workflowTemplate("c").replace("entrypoint: main", "entrypoint: 42"),
    });
    expect(problems).toEqual([
      "workflows/a.yaml:2:1: ConfigMap (v1) is not something coxswain syncs: definitions are argoproj.io/v1alpha1 WorkflowTemplate, CronWorkflow",
      "workflows/b.yaml:26:1: kind Workflow is not allowed here (allowed: WorkflowTemplate, CronWorkflow); Workflows are runs, started by a trigger or a /run command",
      "workflows/c.yaml:6:3: spec.entrypoint must be a string",
    ]);
  });

  it("refuses a definition aimed at another namespace", async () => {
    const text = workflowTemplate("train").replace(
      "  name: train\n",
      "  name: train\n  namespace: kube-system\n",
    );
    expect(await problemsOf({ "workflows/train.yaml": text })).toEqual([
      'workflows/train.yaml:5:3: metadata.namespace "kube-system" is not this repository\'s namespace "ml-team"; leave it out and coxswain sets it',
    ]);
  });

  it("refuses names that are not DNS-1123 and labels reserved for coxswain", async () => {
    const text = workflowTemplate("Train_Model").replace(
      "  name: Train_Model\n",
      "  name: Train_Model\n  labels:\n    app.kubernetes.io/managed-by: me\n",
    );
    expect(await problemsOf({ "workflows/train.yaml": text })).toEqual([
      expect.stringMatching(
        /^workflows\/train\.yaml:4:3: metadata\.name "Train_Model" must be lowercase/,
      ),
      'workflows/train.yaml:6:5: label "app.kubernetes.io/managed-by" in metadata.labels is reserved for coxswain: coxswain sets it on what it syncs; remove it',
    ]);
  });

  it("allows only the service accounts the server policy lists", async () => {
    const text = workflowTemplate("train").replace(
      "  entrypoint: main\n",
      "  entrypoint: main\n  serviceAccountName: cluster-admin\n",
    );
    expect(
      await problemsOf(
        { "workflows/train.yaml": text },
        { server: server("serviceAccounts: [ml-runner]\n") },
      ),
    ).toEqual([
      'workflows/train.yaml:7:3: service account "cluster-admin" is not allowed by the server policy (allowed: ml-runner)',
    ]);
  });

  it("refuses the same template defined in two files", async () => {
    expect(
      await problemsOf({
        "workflows/a.yaml": workflowTemplate("train"),
        "workflows/b.yaml": workflowTemplate("train"),
      }),
    ).toEqual([
      'workflows/b.yaml:1:1: WorkflowTemplate "train" is already defined in workflows/a.yaml:1',
    ]);
  });

  it("refuses files over the size limit and repositories over the file limit", async () => {
    const small = server("limits: {maxFiles: 2, maxFileBytes: 2000}\n");
    const big = `${workflowTemplate("big")}# ${"x".repeat(3000)}\n`;
    expect(await problemsOf({ "workflows/big.yaml": big }, { server: small })).toEqual([
      expect.stringMatching(
        /^workflows\/big\.yaml:1:1: file is \d+ bytes; the server policy allows at most 2000 per file$/,
      ),
    ]);
    await repo?.cleanup();
    const many = Object.fromEntries(
      ["a", "b", "c"].map((n) => [`workflows/${n}.yaml`, workflowTemplate(n)]),
    );
    expect(await problemsOf(many, { server: small })).toEqual([
      "workflows/c.yaml:1:1: 3 definition files; the server policy allows at most 2",
    ]);
  });

  it("refuses a YAML alias bomb without expanding it", async () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 9; i++) {
      levels.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(",")}]`,
      );
    }
    const problems = await problemsOf({ "workflows/bomb.yaml": `${levels.join("\n")}\n` });
    expect(problems).toEqual([
      expect.stringMatching(
        /^workflows\/bomb\.yaml:1:1: document 1 uses 72 YAML aliases; at most 50 are allowed$/,
      ),
    ]);
  });

  it("reports a bad repository config at its key and reads nothing else", async () => {
    expect(
      await problemsOf({
        ".github/coxswain.yml": "definitions:\n  path: [pipelines]\n",
        "workflows/a.yaml": "broken: [",
      }),
    ).toEqual([".github/coxswain.yml:2:3: definitions.path: unknown key"]);
  });
});
