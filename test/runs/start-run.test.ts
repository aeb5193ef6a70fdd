import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ArgoSchemaValidator, loadArgoSchemaValidator } from "../../app/argo/argo-schema.ts";
import { argoClusterFor } from "../../app/cluster/argo-cluster.ts";
import type { ArgoObject } from "../../app/cluster/argo-kinds.ts";
import { parseServerPolicy, type ServerPolicy } from "../../app/config/server-policy.ts";
import { type StartRunInput, startRun } from "../../app/runs/start-run.ts";
import { type ClusterTarget, loopbackTarget } from "../support/cluster-target.ts";
import { workflowTemplate } from "../support/pipelines.ts";
import { testSigner } from "../support/probot-harness.ts";
import { argoSchemaPath } from "../support/shared-data.ts";
import { type TempRepoDir, tempRepoDir } from "../support/temp-repo-dir.ts";

let target: ClusterTarget;
let schema: ArgoSchemaValidator;
let repo: TempRepoDir | undefined;

beforeAll(async () => {
  target = await loopbackTarget();
  schema = loadArgoSchemaValidator(argoSchemaPath);
});
afterAll(() => target.close());
afterEach(async () => {
  await repo?.cleanup();
  repo = undefined;
});

function server(extra = ""): ServerPolicy {
  const parsed = parseServerPolicy(`repositories: []\n${extra}`, "policy.yaml");
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.policy;
}

const trainWithChoice = workflowTemplate("train").replace(
  '        value: "0.01"\n',
  '        value: "0.01"\n      - name: dataset\n      - name: size\n        value: small\n        enum: [small, large]\n',
);

async function start(
  files: Record<string, string>,
  overrides: Partial<StartRunInput> = {},
  policy = server(),
) {
  repo = await tempRepoDir(files);
  const namespace = await target.namespace("runs");
  const input: StartRunInput = {
    repoFullName: "acme/pipelines",
    namespace,
    template: "train",
    commit: "a".repeat(40),
    trigger: "comment",
    actor: "octocat",
    pr: 7,
    idempotencyKey: "delivery-1/0",
    policy: { metrics: {}, runDefinition: "embedded" },
    snapshot: repo.snapshot,
    parameters: { dataset: "s3://bucket/d1" },
    ...overrides,
  };
  const result = await startRun(input, {
    cluster: argoClusterFor(target.kubeConfig()),
    server: policy,
    schema,
    signer: testSigner,
  });
  return { result, namespace };
}

describe("starting a run", () => {
  it("creates a Workflow that embeds the template's spec from Git, with the run's identity as labels", async () => {
    const { result, namespace } = await start(
      { "workflows/train.yaml": trainWithChoice },
      { parameters: { dataset: "d1", lr: "0.5" } },
    );
    expect(result.ok && result.created).toBe(true);
    const [run] = await target.list("workflows", namespace);
    expect(run?.metadata.name).toMatch(/^train-[0-9a-f]{8}$/);
    expect(run?.metadata.labels).toMatchObject({
      "app.kubernetes.io/managed-by": "coxswain",
      "coxswain.dev/repo": "acme.pipelines",
      "coxswain.dev/template": "train",
      "coxswain.dev/commit": "a".repeat(40),
      "coxswain.dev/pr": "7",
      "coxswain.dev/trigger": "comment",
      "coxswain.dev/actor": "octocat",
    });
    const spec = run?.spec as {
      entrypoint: string;
      templates: unknown[];
      arguments: { parameters: unknown[] };
    };
    expect(spec.entrypoint).toBe("main");
    expect(spec.templates).toHaveLength(2);
    expect(spec.arguments.parameters).toEqual([
      { name: "lr", value: "0.5" },
      { name: "dataset", value: "d1" },
      { name: "size", value: "small", enum: ["small", "large"] },
    ]);
  });

  it("finds the first run when the same event arrives twice", async () => {
    repo = await tempRepoDir({ "workflows/train.yaml": trainWithChoice });
    const namespace = await target.namespace("runs");
    const deps = {
      cluster: argoClusterFor(target.kubeConfig()),
      server: server(),
      schema,
      signer: testSigner,
    };
    const input: StartRunInput = {
      repoFullName: "acme/pipelines",
      namespace,
      template: "train",
      commit: "b".repeat(40),
      trigger: "merge",
      actor: "octocat",
      idempotencyKey: "delivery-9",
      policy: { metrics: {}, runDefinition: "embedded" },
      snapshot: repo.snapshot,
      parameters: { dataset: "d" },
    };
    const first = await startRun(input, deps);
    const again = await startRun(input, deps);
    expect(first.ok && first.created).toBe(true);
    expect(again.ok && again.created).toBe(false);
    expect(again.ok && again.run.metadata.uid).toBe(first.ok && first.run.metadata.uid);
    expect(await target.list("workflows", namespace)).toHaveLength(1);
  });

  it("refers to the synced template when the default branch's config asks for templateRef runs", async () => {
    const { namespace } = await start(
      { "workflows/train.yaml": trainWithChoice },
      { policy: { metrics: {}, runDefinition: "templateRef" } },
    );
    const [run] = (await target.list("workflows", namespace)) as ArgoObject[];
    expect(run?.spec).toEqual({
      workflowTemplateRef: { name: "train" },
      arguments: { parameters: [{ name: "dataset", value: "s3://bucket/d1" }] },
    });
  });

  it("takes its Slack channel, metrics gate and definition from the policy it is given, never from the commit's config", async () => {
    const gate = {
      accuracy: { better: "higher" as const, threshold: 0, onRegression: "failure" as const },
    };
    const { namespace } = await start(
      {
        ".github/coxswain.yml":
          "runs: {definition: templateRef}\nmetrics: {}\nnotifications: {slack: {channel: C0PRCHANNEL}}\n",
        "workflows/train.yaml": trainWithChoice,
      },
      {
        policy: {
          metrics: gate,
          runDefinition: "embedded",
          slack: { channel: "C0RUNS", phases: ["Failed"], mention: [] },
        },
      },
    );
    const [run] = (await target.list("workflows", namespace)) as ArgoObject[];
    expect(run?.metadata.annotations).toMatchObject({
      "coxswain.dev/metrics": JSON.stringify(gate),
      "coxswain.dev/slack-notify": JSON.stringify({
        channel: "C0RUNS",
        phases: ["Failed"],
        mention: [],
      }),
    });
    expect(run?.spec).not.toHaveProperty("workflowTemplateRef");
  });

  it("labels the run for a controller started with an instance id", async () => {
    const { namespace } = await start(
      { "workflows/train.yaml": trainWithChoice },
      {},
      server("argo: {instanceId: ml}\n"),
    );
    const [run] = await target.list("workflows", namespace);
    expect(run?.metadata.labels?.["workflows.argoproj.io/controller-instanceid"]).toBe("ml");
  });

  it.each([
    [
      { template: "trian" },
      ["there is no WorkflowTemplate trian; did you mean train? (defined: evaluate, train)"],
    ],
    [
      { parameters: { dataset: "d", lrr: "1" } },
      ["train has no parameter lrr; did you mean lr? (declared: lr, dataset, size)"],
    ],
    [{ parameters: {} }, ["train needs a value for dataset: write dataset=…"]],
    [
      { parameters: { dataset: "d", size: "huge" } },
      ['size must be one of small, large, not "huge"'],
    ],
  ])("refuses %j with a clear reply and starts nothing", async (overrides, problems) => {
    const { result, namespace } = await start(
      {
        "workflows/train.yaml": trainWithChoice,
        "workflows/evaluate.yaml": workflowTemplate("evaluate"),
      },
      overrides,
    );
    expect(result).toEqual({ ok: false, problems });
    expect(await target.list("workflows", namespace)).toEqual([]);
  });

  it("refuses to run from a commit whose definitions are invalid", async () => {
    const broken = trainWithChoice.replace("      container:\n", "      contianer:\n");
    const { result, namespace } = await start({ "workflows/train.yaml": broken });
    expect(result).toEqual({
      ok: false,
      problems: [
        "the definitions at aaaaaaa are invalid:",
        'workflows/train.yaml:25: unknown field "contianer" in spec.templates[1]; did you mean "container"?',
      ],
    });
    expect(await target.list("workflows", namespace)).toEqual([]);
  });
});
