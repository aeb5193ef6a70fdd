import { afterEach, describe, expect, it } from "vitest";
import { type ClusterTarget, loopbackTarget } from "../support/cluster-target.ts";
import { workflowTemplate } from "../support/pipelines.ts";
import { type SyncFixture, startSyncFixture } from "../support/sync-fixture.ts";

let f: SyncFixture | undefined;
let target: ClusterTarget | undefined;
afterEach(async () => {
  await f?.close();
  await target?.close();
});

describe("GitHub Enterprise Server", () => {
  it("talks to the configured API base URL only", async () => {
    const baseUrl = "https://github.example.com/api/v3";
    target = await loopbackTarget();
    f = await startSyncFixture(target, { githubBaseUrl: baseUrl });
    const { check } = await f.pushAndSync({ "workflows/a.yaml": workflowTemplate("a") });
    expect(check).toMatchObject({ conclusion: "success" });
    expect(await f.cluster.list("workflowtemplates", f.namespace)).toHaveLength(1);
  });
});
