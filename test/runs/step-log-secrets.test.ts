// A failed step's log and message are masked with the Secrets its pod can read, wherever the pod
// got them from. The test Argo controller makes the pods as Argo does (templateRef, volumes,
// templateDefaults, podSpecPatch), on the loopback API, and the real CoreV1 client reads them.
import { load } from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ArgoObject } from "../../app/cluster/argo-kinds.ts";
import { coreClusterFor } from "../../app/cluster/core-cluster.ts";
import { runStatusOf } from "../../app/runs/run-status.ts";
import { type StepLog, stepLogTail } from "../../app/runs/step-log.ts";
import { argoController } from "../support/argo-controller/index.ts";
import { loopbackTarget } from "../support/cluster-target.ts";

let target: Awaited<ReturnType<typeof loopbackTarget>>;
let namespace: string;
let runs = 0;

function putSecret(name: string, data: Record<string, string>) {
  const encoded = Object.fromEntries(
    Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString("base64")]),
  );
  target.api.put({
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name, namespace },
    data: encoded,
  });
}

function putTemplate(kind: "WorkflowTemplate" | "ClusterWorkflowTemplate", yaml: string) {
  const spec = load(yaml) as object;
  const name = kind === "WorkflowTemplate" ? "lib" : `cluster-lib-${namespace}`;
  const metadata = kind === "WorkflowTemplate" ? { name, namespace } : { name };
  target.api.put({ apiVersion: "argoproj.io/v1alpha1", kind, metadata, spec } as never);
  return name;
}

/** Runs a Workflow whose step `use` fails with `log` and `message`, and reads its log as posted. */
async function failedStepLog(spec: string, log: string, message = "Error (exit code 1)") {
  const name = `masked-${++runs}`;
  target.api.put({
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Workflow",
    metadata: { name, namespace },
    spec: load(spec) as object,
  } as never);
  const controller = argoController(target.kubeConfig(), {
    setPodLog: (ns, pod, text, container) => target.api.setPodLog(ns, pod, text, container),
  });
  const run = await controller.load(namespace, name);
  await run.start();
  await run.fail("use", { log, message });
  const workflow = target.api.get("workflows", namespace, name) as unknown as ArgoObject;
  const [step] = runStatusOf(workflow).failedSteps;
  if (!step) throw new Error("no failed step");
  return stepLogTail(coreClusterFor(target.kubeConfig()), workflow, step);
}

function expectMasked(log: StepLog | undefined, ...secrets: string[]) {
  expect(log?.text).toContain("***");
  for (const secret of secrets) {
    expect(log?.text).not.toContain(secret);
    expect(log?.message ?? "").not.toContain(secret);
  }
}

const callsLibrary = (ref: string) => `
entrypoint: main
templates:
  - name: main
    steps: [[{name: use, templateRef: ${ref}}]]
`;

beforeAll(async () => {
  target = await loopbackTarget();
  namespace = await target.namespace("masking");
});
afterAll(() => target.close());

describe("masking a failed step's log with the Secrets its pod reads", () => {
  it("masks a Secret of a step called through a templateRef to a WorkflowTemplate", async () => {
    putSecret("lib-creds", { token: "lib-token-value-1" });
    putTemplate(
      "WorkflowTemplate",
      `
templates:
  - name: use-token
    container:
      image: alpine
      env: [{name: TOKEN, valueFrom: {secretKeyRef: {name: lib-creds, key: token}}}]
`,
    );
    const log = await failedStepLog(
      callsLibrary("{name: lib, template: use-token}"),
      "auth with lib-token-value-1 failed\n",
      "bad token lib-token-value-1",
    );
    expectMasked(log, "lib-token-value-1");
    expect(log?.text).toBe("auth with *** failed\n");
    expect(log?.message).toBe("bad token ***");
  });

  it("masks a Secret of a step called through a templateRef to a ClusterWorkflowTemplate", async () => {
    putSecret("cluster-creds", { password: "cluster-password-2" });
    const name = putTemplate(
      "ClusterWorkflowTemplate",
      `
templates:
  - name: use-password
    script:
      image: python:3.12
      source: print("hello")
      envFrom: [{secretRef: {name: cluster-creds}}]
`,
    );
    const log = await failedStepLog(
      callsLibrary(`{name: ${name}, template: use-password, clusterScope: true}`),
      "password=cluster-password-2\n",
    );
    expectMasked(log, "cluster-password-2");
  });

  it("masks every key of an envFrom Secret, in a WorkflowTemplate's sidecar", async () => {
    putSecret("bulk-creds", { USER_NAME: "bulk-user-3", API_KEY: "bulk-api-key-3" });
    putTemplate(
      "WorkflowTemplate",
      `
templates:
  - name: use-bulk
    container: {image: alpine}
    sidecars:
      - name: proxy
        image: envoy
        envFrom: [{secretRef: {name: bulk-creds}}]
`,
    );
    const log = await failedStepLog(
      callsLibrary("{name: lib, template: use-bulk}"),
      "user bulk-user-3 key bulk-api-key-3\n",
    );
    expectMasked(log, "bulk-user-3", "bulk-api-key-3");
  });

  it("masks the mounted keys of a Secret volume and of a projected volume", async () => {
    putSecret("tls", { "tls.key": "tls-key-material-4", "tls.crt": "public-certificate-4" });
    putSecret("projected-creds", { token: "projected-token-4" });
    const log = await failedStepLog(
      `
entrypoint: use
volumes:
  - name: tls
    secret: {secretName: tls, items: [{key: tls.key, path: key.pem}]}
templates:
  - name: use
    container:
      image: alpine
      volumeMounts: [{name: tls, mountPath: /tls}, {name: creds, mountPath: /creds}]
    volumes:
      - name: creds
        projected: {sources: [{secret: {name: projected-creds}}]}
`,
      "key tls-key-material-4 token projected-token-4 cert public-certificate-4\n",
    );
    expectMasked(log, "tls-key-material-4", "projected-token-4");
    // Only the keys the volume mounts: the certificate is not in the pod.
    expect(log?.text).toContain("public-certificate-4");
  });

  it("masks a Secret that podSpecPatch adds to the pod", async () => {
    putSecret("patched-creds", { token: "patched-token-5" });
    const log = await failedStepLog(
      `
entrypoint: use
podSpecPatch: |
  containers:
    - name: main
      env: [{name: TOKEN, valueFrom: {secretKeyRef: {name: patched-creds, key: token}}}]
templates:
  - name: use
    container: {image: alpine}
`,
      "patched-token-5\n",
    );
    expectMasked(log, "patched-token-5");
  });

  it("masks a Secret that templateDefaults give every template", async () => {
    putSecret("default-creds", { token: "default-token-6" });
    const log = await failedStepLog(
      `
entrypoint: use
templateDefaults:
  container:
    env: [{name: TOKEN, valueFrom: {secretKeyRef: {name: default-creds, key: token}}}]
templates:
  - name: use
    container: {image: alpine}
`,
      "using default-token-6\n",
    );
    expectMasked(log, "default-token-6");
  });
});
