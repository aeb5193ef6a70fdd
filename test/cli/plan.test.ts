import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../../app/cli/main.ts";
import { startTestKubeApi, type TestKubeApi } from "../support/kube-api/index.ts";
import { workflowTemplate } from "../support/pipelines.ts";
import { type TempRepoDir, tempRepoDir } from "../support/temp-repo-dir.ts";

let api: TestKubeApi;
let repo: TempRepoDir | undefined;
let kubeconfigDir: string;
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
  api = await startTestKubeApi();
  api.createNamespace("ml-team");
  kubeconfigDir = await mkdtemp(join(tmpdir(), "coxswain-kube-"));
  await api.writeKubeconfig(join(kubeconfigDir, "config"));
  env = { KUBECONFIG: join(kubeconfigDir, "config") };
});
afterEach(async () => {
  await api.close();
  await repo?.cleanup();
  await rm(kubeconfigDir, { recursive: true, force: true });
});

describe("coxswain plan", () => {
  it("prints what a sync would change in the cluster and writes nothing", async () => {
    repo = await tempRepoDir({ "workflows/train.yaml": workflowTemplate("train") });
    api.resetRequestLog();
    const result = await main(
      ["plan", repo.dir, "--repo", "acme/pipelines", "--namespace", "ml-team"],
      env,
    );
    expect(result).toEqual({
      exitCode: 0,
      stdout:
        "Plan for namespace ml-team: 1 create, 0 unchanged\n+ WorkflowTemplate train (workflows/train.yaml)\n",
      stderr: "",
    });
    expect(api.requests.filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("asks for the namespace when it cannot know it", async () => {
    repo = await tempRepoDir({ "workflows/train.yaml": workflowTemplate("train") });
    expect(await main(["plan", repo.dir, "--repo", "acme/pipelines"], env)).toMatchObject({
      exitCode: 2,
      stderr: "coxswain: plan needs --namespace, or --policy with --repo to look it up\n",
    });
  });
});
