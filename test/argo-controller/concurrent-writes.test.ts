import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Fixture, startFixture } from "./fixture.ts";

const loop = (name: string) => `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: ${name}
  labels: { app.kubernetes.io/managed-by: coxswain }
  annotations: { coxswain.dev/actor: octocat }
spec:
  entrypoint: main
  templates:
    - name: main
      steps:
        - - name: epoch
            template: step
            withSequence: { count: "100" }
    - name: step
      container: { image: alpine }
`;

describe("status writes next to coxswain's own writes", () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await startFixture();
  });
  afterAll(() => fx.close());

  it("keeps annotations coxswain writes on the Workflow between two status writes", async () => {
    const run = await fx.run(loop("annot-a1"));
    await run.start();
    await fx.target.patchForeign("workflows", run.namespace, run.name, {
      metadata: {
        annotations: {
          "coxswain.dev/check-run-id": "123",
          "coxswain.dev/notified-phase": "Running",
        },
      },
    });
    await run.succeed("epoch(0:0)");
    await run.finishAs("Succeeded");
    const wf = await fx.workflow(run.namespace, run.name);
    expect(wf.metadata.annotations).toEqual({
      "coxswain.dev/actor": "octocat",
      "coxswain.dev/check-run-id": "123",
      "coxswain.dev/notified-phase": "Running",
      "workflows.argoproj.io/pod-name-format": "v2",
    });
    expect(wf.metadata.labels).toEqual({
      "app.kubernetes.io/managed-by": "coxswain",
      "workflows.argoproj.io/phase": "Succeeded",
      "workflows.argoproj.io/completed": "true",
    });
  });

  it("counts its status writes: one per change", async () => {
    const run = await fx.run(loop("count-b2"));
    await run.start();
    for (let i = 0; i < 100; i++) {
      await run.progress(`epoch(${i}:${i})`);
      await run.succeed(`epoch(${i}:${i})`);
    }
    expect(run.writes).toBe(201);
    expect(run.status()).toMatchObject({ phase: "Succeeded", progress: "100/100" });
    await run.finish();
    expect(run.writes).toBe(201);
  });
});
