import { afterEach, describe, expect, it } from "vitest";
import { workflowTemplate } from "../support/pipelines.ts";
import { namespace, type SyncFixture, startSyncFixture } from "../support/sync-fixture.ts";
import { pushPayload } from "../support/webhooks.ts";

let f: SyncFixture | undefined;
afterEach(async () => {
  await f?.close();
});

describe("GitHub Enterprise Server", () => {
  it("talks to the configured API base URL only", async () => {
    const baseUrl = "https://github.example.com/api/v3";
    f = await startSyncFixture("", { githubBaseUrl: baseUrl });
    const sha = await f.origin.commit({ "workflows/a.yaml": workflowTemplate("a") });
    f.github
      .installationToken()
      .existingCheckRuns(sha, "coxswain/sync")
      .checkRun("coxswain/sync", sha);
    await f.app.receive("push", pushPayload(f.repository, sha));
    f.github.done();
    expect(f.github.completion("coxswain/sync", sha)).toMatchObject({ conclusion: "success" });
    expect(f.api.list("workflowtemplates", namespace)).toHaveLength(1);
  });
});
