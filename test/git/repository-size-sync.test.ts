// A push whose repository is over the size limit: the refusal reaches the `coxswain/sync`
// check run, and nothing reaches the cluster.
import { randomBytes } from "node:crypto";
import { expect, it } from "vitest";
import { loopbackTarget } from "../support/cluster-target.ts";
import { workflowTemplate } from "../support/pipelines.ts";
import { eachSyncFixture, type SyncFixture } from "../support/sync-fixture.ts";

let f: SyncFixture;
eachSyncFixture(
  loopbackTarget,
  (fixture) => {
    f = fixture;
  },
  { policyYaml: "limits: {maxRepositoryBytes: 300000}\n" },
);

it("reports a repository over limits.maxRepositoryBytes on the sync check run and applies nothing", async () => {
  // Text that does not compress much: three files of 200 KB, each under the per-file limit.
  const bulk = () => randomBytes(150_000).toString("base64");
  const { check } = await f.pushAndSync({
    "workflows/train.yaml": workflowTemplate("train"),
    "data/a.txt": bulk(),
    "data/b.txt": bulk(),
    "data/c.txt": bulk(),
  });
  expect(check).toMatchObject({
    status: "completed",
    conclusion: "failure",
    output: { title: "Sync refused: acme/pipelines is over the size limit" },
  });
  expect((check.output as { summary: string }).summary).toMatch(
    /^acme\/pipelines is too large for coxswain: its Git objects take (at least )?[\d.]+ KiB \([\d,]+ bytes\), and the server policy allows 293\.0 KiB \(300,000 bytes\) per repository \(limits\.maxRepositoryBytes/,
  );
  expect(await f.cluster.list("workflowtemplates", f.namespace)).toEqual([]);
  expect(f.recorded.writes()).toEqual([]);
});
