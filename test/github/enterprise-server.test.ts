import { afterEach, describe, expect, it } from "vitest";
import { workflowTemplate } from "../support/pipelines.ts";
import { namespace, type SyncFixture, startSyncFixture } from "../support/sync-fixture.ts";

let f: SyncFixture | undefined;
afterEach(async () => {
  await f?.close();
});

describe("GitHub Enterprise Server", () => {
  it("talks to the configured API base URL only", async () => {
    const baseUrl = "https://github.example.com/api/v3";
    f = await startSyncFixture("", { githubBaseUrl: baseUrl });
    const { check } = await f.pushAndSync({ "workflows/a.yaml": workflowTemplate("a") });
    expect(check).toMatchObject({ conclusion: "success" });
    expect(f.api.list("workflowtemplates", namespace)).toHaveLength(1);
  });
});
