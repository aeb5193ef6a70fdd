import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NodeStatus } from "../support/argo-controller/index.ts";
import { type Fixture, startFixture, twoStepWorkflow } from "./fixture.ts";

const pipeline = twoStepWorkflow;

const decompress = (text: string) =>
  JSON.parse(gunzipSync(Buffer.from(text, "base64")).toString("utf8")) as Record<
    string,
    NodeStatus
  >;

describe("compressed and offloaded nodes", () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await startFixture();
  });
  afterAll(() => fx.close());

  it("moves status.nodes into compressedNodes (base64 of gzip of the JSON) from then on", async () => {
    const run = await fx.run(pipeline("big-a1"));
    await run.start();
    await run.compressNodes();
    let stored = (await fx.workflow(run.namespace, run.name)).status as {
      nodes?: unknown;
      compressedNodes: string;
    };
    expect(stored.nodes).toBeUndefined();
    expect(Object.values(decompress(stored.compressedNodes)).map((n) => n.name)).toEqual([
      "big-a1",
      "big-a1[0]",
      "big-a1[0].load",
    ]);
    await run.succeed("load");
    stored = (await fx.workflow(run.namespace, run.name)).status as typeof stored;
    expect(stored.nodes).toBeUndefined();
    expect(
      Object.values(decompress(stored.compressedNodes)).map((n) => `${n.displayName} ${n.phase}`),
    ).toContain("train Pending");
    expect(run.status()).toMatchObject({ phase: "Running", progress: "1/2" });
  });

  it("drops the nodes and sets offloadNodeStatusVersion, which changes as they change", async () => {
    const run = await fx.run(pipeline("big-b2"));
    await run.start();
    const first = await run.offloadNodes();
    expect(first.nodes).toBeUndefined();
    expect(first.compressedNodes).toBeUndefined();
    expect(first.offloadNodeStatusVersion).toMatch(/^fnv:\d+$/);
    const next = await run.succeed("load");
    expect(next.offloadNodeStatusVersion).toMatch(/^fnv:\d+$/);
    expect(next.offloadNodeStatusVersion).not.toBe(first.offloadNodeStatusVersion);
    expect(next).toMatchObject({ phase: "Running", progress: "1/2" });
  });
});
