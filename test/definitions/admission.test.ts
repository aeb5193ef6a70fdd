// The admission policy as a whole: problems at their file lines, the level named with where it
// came from, inline templates at any depth, and Argo's own examples read without a failure.
import { describe, expect, it } from "vitest";
import { repoPolicyFrom } from "../../app/config/repo-config.ts";
import { serverPolicySchema } from "../../app/config/server-policy.ts";
import { checkPolicy } from "../../app/definitions/check-policy.ts";
import { argoExampleDocuments } from "../argo-lint/argo-examples.ts";
import { check, levelPolicy, syncProblems } from "./admission-fixtures.ts";

const pipeline = `apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: train
spec:
  entrypoint: main
  hostNetwork: true
  templates:
    - name: main
      steps:
        - - name: fit
            template: fit
    - name: fit
      script:
        image: python:3.12
        source: print(1)
        securityContext:
          privileged: true
          capabilities:
            add: [NET_ADMIN]
`;

describe("the admission policy", () => {
  it("reports each problem at its file line, naming the level and where it came from", async () => {
    expect(await syncProblems({ "workflows/train.yaml": pipeline })).toEqual([
      "workflows/train.yaml:7:3: baseline pod security (server policy) forbids sharing the node's network namespace: spec.hostNetwork is true; remove it",
      "workflows/train.yaml:18:11: baseline pod security (server policy) forbids privileged containers: spec.templates[1].script.securityContext.privileged is true; remove it or set it to false",
      'workflows/train.yaml:20:19: baseline pod security (server policy) forbids adding capabilities beyond the container runtime\'s default set: spec.templates[1].script.securityContext.capabilities.add[0] is "NET_ADMIN"; baseline allows adding only AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT',
    ]);
    expect(
      await syncProblems({ "workflows/train.yaml": pipeline }, "podSecurity: privileged"),
    ).toEqual([]);
  });

  it("says the level is coxswain's default when no rule of a server policy names the repository", () => {
    const read = repoPolicyFrom(undefined, serverPolicySchema.parse({}));
    if (!read.ok) throw new Error("the defaults are valid");
    const document = {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "WorkflowTemplate",
      metadata: { name: "train" },
      spec: { hostNetwork: true, templates: [{ name: "main", container: { image: "alpine" } }] },
    };
    expect(
      checkPolicy(document as Parameters<typeof checkPolicy>[0], read.policy, undefined).map(
        (p) => p.message,
      ),
    ).toEqual([
      "baseline pod security (coxswain's default) forbids sharing the node's network namespace: spec.hostNetwork is true; remove it",
    ]);
  });

  it("holds a CronWorkflow's own workflowSpec to the level too", () => {
    const cron = {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "CronWorkflow",
      metadata: { name: "nightly" },
      spec: {
        schedules: ["0 2 * * *"],
        workflowSpec: {
          entrypoint: "main",
          hostNetwork: true,
          templates: [
            { name: "main", container: { image: "alpine", securityContext: { privileged: true } } },
          ],
        },
      },
    };
    expect(check(cron, levelPolicy("baseline")).map((p) => p.message)).toEqual([
      "baseline pod security (server policy) forbids privileged containers: spec.workflowSpec.templates[0].container.securityContext.privileged is true; remove it or set it to false",
      "baseline pod security (server policy) forbids sharing the node's network namespace: spec.workflowSpec.hostNetwork is true; remove it",
    ]);
  });

  it("reads a template's annotations field (Argo 4) as pod annotations", () => {
    const document = {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "WorkflowTemplate",
      metadata: { name: "train" },
      spec: {
        entrypoint: "main",
        templates: [
          {
            name: "main",
            annotations: {
              "container.apparmor.security.beta.kubernetes.io/main": "unconfined",
              "workflows.argoproj.io/node-name": "forged",
            },
            container: { image: "alpine" },
          },
        ],
      },
    };
    expect(check(document, levelPolicy("baseline")).map((p) => p.message)).toEqual([
      "annotation \"workflows.argoproj.io/node-name\" in spec.templates[0].annotations is reserved for Argo: Argo marks a run's pods with these, and coxswain finds a step's pod by them; remove it",
      'baseline pod security (server policy) forbids AppArmor profiles other than runtime/default and localhost/*: spec.templates[0].annotations.container.apparmor.security.beta.kubernetes.io/main is "unconfined"; remove the annotation or use runtime/default or localhost/<profile>',
    ]);
  });

  it("checks inline templates at any depth it reads, and refuses deeper ones rather than skip them", () => {
    const privileged = {
      name: "main",
      container: { image: "alpine", securityContext: { privileged: true } },
    };
    const nest = (depth: number): Record<string, unknown> =>
      depth === 0
        ? { container: privileged.container }
        : { steps: [[{ name: `level-${depth}`, inline: nest(depth - 1) }]] };
    const documentOf = (depth: number) => ({
      apiVersion: "argoproj.io/v1alpha1",
      kind: "WorkflowTemplate",
      metadata: { name: "train" },
      spec: { entrypoint: "main", templates: [{ name: "main", ...nest(depth) }] },
    });
    const inlinePath = (depth: number) =>
      Array.from({ length: depth }, () => "steps[0][0].inline").join(".");
    expect(check(documentOf(10), levelPolicy("baseline")).map((p) => p.message)).toEqual([
      `baseline pod security (server policy) forbids privileged containers: spec.templates[0].${inlinePath(10)}.container.securityContext.privileged is true; remove it or set it to false`,
    ]);
    expect(check(documentOf(11), levelPolicy("privileged")).map((p) => p.message)).toEqual([
      `spec.templates[0].${inlinePath(11)} is an inline template nested more than 10 deep, which coxswain does not check; define it in spec.templates and call it by name`,
    ]);
  });

  it("reads every one of Argo's example documents at every level without failing", () => {
    const documents = argoExampleDocuments();
    expect(documents.length).toBeGreaterThan(100);
    for (const level of ["restricted", "baseline", "privileged"] as const) {
      const policy = levelPolicy(level);
      for (const { name, document } of documents) {
        expect(() => check(document, policy), name).not.toThrow();
      }
    }
  });
});
