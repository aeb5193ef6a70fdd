// The sync puts each template's retention rule on it, where the leader's pruner reads it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loopbackTarget } from "../support/cluster-target.ts";
import { workflowTemplate } from "../support/pipelines.ts";
import { type SyncFixture, startSyncFixture } from "../support/sync-fixture.ts";

let target: Awaited<ReturnType<typeof loopbackTarget>>;
let f: SyncFixture;

beforeAll(async () => {
  target = await loopbackTarget();
  f = await startSyncFixture(target, { policyYaml: "retention: {keepLast: 30, maxAge: 14d}\n" });
});
afterAll(async () => {
  await f.close();
  await target.close();
});

describe("retention on synced templates", () => {
  it("carries the repository's rule, a template's own rule, and changes when the config does", async () => {
    await f.pushAndSync({
      ".github/coxswain.yml":
        "retention:\n  keepLast: 5\n  templates:\n    nightly: {maxAge: 1d}\n",
      "workflows/train.yaml": workflowTemplate("train"),
      "workflows/nightly.yaml": workflowTemplate("nightly"),
    });
    const rule = async (name: string) =>
      JSON.parse(
        (await f.cluster.get("workflowtemplates", f.namespace, name))?.metadata.annotations?.[
          "coxswain.dev/retention"
        ] ?? "null",
      );
    expect(await rule("train")).toEqual({ keepLast: 5, maxAgeSeconds: 14 * 86_400 });
    expect(await rule("nightly")).toEqual({ keepLast: 5, maxAgeSeconds: 86_400 });
    await f.pushAndSync({ ".github/coxswain.yml": null });
    expect(await rule("train")).toEqual({ keepLast: 30, maxAgeSeconds: 14 * 86_400 });
  });
});
