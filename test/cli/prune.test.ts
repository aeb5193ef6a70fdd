import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../../app/cli/main.ts";
import { startTestKubeApi, type TestKubeApi } from "../support/kube-api/index.ts";

let api: TestKubeApi;
let dir: string;
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
  api = await startTestKubeApi();
  api.createNamespace("ml-team");
  dir = await mkdtemp(join(tmpdir(), "coxswain-prune-"));
  await api.writeKubeconfig(join(dir, "config"));
  await writeFile(join(dir, "policy.yaml"), "retention: {keepLast: 2, maxAge: 30d}\n");
  env = { KUBECONFIG: join(dir, "config") };
  for (let i = 0; i < 4; i++) {
    api.put({
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Workflow",
      metadata: {
        name: `train-${i}`,
        namespace: "ml-team",
        labels: {
          "app.kubernetes.io/managed-by": "coxswain",
          "coxswain.dev/repo": "acme.pipelines",
          "coxswain.dev/template": "train",
          "workflows.argoproj.io/completed": "true",
          "workflows.argoproj.io/phase": "Succeeded",
        },
      },
      spec: {},
      status: {
        phase: "Succeeded",
        finishedAt: new Date(Date.now() - (i + 1) * 60_000).toISOString(),
      },
    });
  }
});
afterEach(async () => {
  await api.close();
  await rm(dir, { recursive: true, force: true });
});

const runs = () =>
  (api.list("workflows", "ml-team") as Array<{ metadata: { name: string } }>).map(
    (r) => r.metadata.name,
  );

describe("coxswain prune", () => {
  it("with --dry-run says what it would delete and why, and deletes nothing", async () => {
    const result = await main(["prune", "--dry-run", "--policy", join(dir, "policy.yaml")], env);
    expect(result).toEqual({
      exitCode: 0,
      stdout:
        "would delete ml-team/train-2: 3rd newest of train, keepLast 2\nwould delete ml-team/train-3: 4th newest of train, keepLast 2\n2 finished runs would be deleted.\n",
      stderr: "",
    });
    expect(runs()).toHaveLength(4);
  });

  it("without --dry-run deletes them", async () => {
    const result = await main(["prune", "--policy", join(dir, "policy.yaml")], env);
    expect(result.stdout).toContain("2 finished runs deleted.");
    expect(runs().sort()).toEqual(["train-0", "train-1"]);
  });
});

describe("coxswain prune --repo", () => {
  const definition = (kind: string, name: string, repo: string) => ({
    apiVersion: "argoproj.io/v1alpha1",
    kind,
    metadata: {
      name,
      namespace: "ml-team",
      labels: { "app.kubernetes.io/managed-by": "coxswain", "coxswain.dev/repo": repo },
    },
    spec: {},
  });
  const left = () =>
    [
      ...(api.list("cronworkflows", "ml-team") as Array<{ metadata: { name: string } }>),
      ...(api.list("workflowtemplates", "ml-team") as Array<{ metadata: { name: string } }>),
    ]
      .map((o) => o.metadata.name)
      .sort();
  beforeEach(() => {
    api.put(definition("WorkflowTemplate", "train", "acme.pipelines") as never);
    api.put(definition("CronWorkflow", "nightly", "acme.pipelines") as never);
    api.put(definition("WorkflowTemplate", "theirs", "acme.other") as never);
  });

  it("with --dry-run names the repository's synced definitions and deletes nothing", async () => {
    const result = await main(["prune", "--repo", "acme/pipelines", "--dry-run"], env);
    expect(result).toEqual({
      exitCode: 0,
      stdout:
        "would delete ml-team/CronWorkflow/nightly\nwould delete ml-team/WorkflowTemplate/train\n2 objects synced for acme/pipelines would be deleted.\n",
      stderr: "",
    });
    expect(left()).toEqual(["nightly", "theirs", "train"]);
    expect(runs()).toHaveLength(4);
  });

  it("deletes only that repository's definitions, never its runs or another repository's", async () => {
    const result = await main(["prune", "--repo", "acme/pipelines", "--namespace", "ml-team"], env);
    expect(result.stdout).toBe(
      "deleted ml-team/CronWorkflow/nightly\ndeleted ml-team/WorkflowTemplate/train\n2 objects synced for acme/pipelines deleted.\n",
    );
    expect(left()).toEqual(["theirs"]);
    expect(runs()).toHaveLength(4);
  });
});
