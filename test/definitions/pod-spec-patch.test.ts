// A podSpecPatch is read like Argo reads it (YAML or JSON) and held to the same rules as the
// fields it patches; one that cannot be read before the run is refused below privileged.
import { describe, expect, it } from "vitest";
import { check, levelPolicy, syncProblems } from "./admission-fixtures.ts";

function withPatch(patch: string, where: "template" | "workflow" = "template") {
  const main = { name: "main", container: { image: "python:3.12" } };
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "WorkflowTemplate",
    metadata: { name: "train" },
    spec: {
      entrypoint: "main",
      ...(where === "workflow" ? { podSpecPatch: patch } : {}),
      templates: [
        where === "template" ? { ...main, podSpecPatch: patch } : main,
        { name: "other", script: { image: "python:3.12", source: "1" } },
      ],
    },
  };
}

const messages = (
  patch: string,
  level: "baseline" | "privileged" = "baseline",
  where: "template" | "workflow" = "template",
) => check(withPatch(patch, where), levelPolicy(level)).map((problem) => problem.message);

describe("podSpecPatch", () => {
  it("is read as YAML or as JSON", () => {
    const privileged =
      "baseline pod security (server policy) forbids privileged containers: spec.templates[0].podSpecPatch: containers[0].securityContext.privileged is true; remove it or set it to false";
    expect(
      messages("containers:\n  - name: main\n    securityContext:\n      privileged: true\n"),
    ).toEqual([privileged]);
    expect(
      messages('{"containers": [{"name": "main", "securityContext": {"privileged": true}}]}'),
    ).toEqual([privileged]);
  });

  it("admits what the level allows", () => {
    expect(
      messages('{"containers": [{"name": "main", "resources": {"limits": {"cpu": "2"}}}]}'),
    ).toEqual([]);
    expect(messages("hostNetwork: true\n", "privileged")).toEqual([]);
  });

  it("is refused below privileged when filled in at run time, and admitted at privileged", () => {
    const patch =
      '{"containers": [{"name": "main", "resources": {"limits": {"cpu": "{{inputs.parameters.cpu}}"}}}]}';
    expect(messages(patch)).toEqual([
      "baseline pod security (server policy) refuses a podSpecPatch filled in at run time: spec.templates[0].podSpecPatch contains {{…}}, which Argo fills in before it reads the patch, so a value could set any pod field; write the patch without {{…}} (parameters work in the template's own fields, e.g. container.resources)",
    ]);
    expect(messages(patch, "privileged")).toEqual([]);
  });

  it("is refused below privileged when it is not a mapping of pod spec fields", () => {
    expect(messages("containers: [")).toEqual([
      "baseline pod security (server policy) refuses a podSpecPatch it cannot read: spec.templates[0].podSpecPatch is not valid YAML (line 2 of the patch: YAML syntax error: unexpected end of the stream within a flow collection); write it as a YAML mapping of pod spec fields",
    ]);
    expect(messages("- hostNetwork\n")).toEqual([
      "baseline pod security (server policy) refuses a podSpecPatch it cannot read: spec.templates[0].podSpecPatch is not one mapping of pod spec fields; write it as a YAML mapping of pod spec fields",
    ]);
  });

  it("is refused below privileged when it uses a strategic-merge directive", () => {
    expect(messages('{"securityContext": {"$patch": "replace", "fsGroup": 1000}}')).toEqual([
      "baseline pod security (server policy) refuses a podSpecPatch it cannot read: spec.templates[0].podSpecPatch uses the strategic-merge directive $patch, which coxswain does not follow; write it as a YAML mapping of pod spec fields",
    ]);
  });

  it("deletes with null what the workflow spec sets, so restricted no longer finds it", () => {
    const document = {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "WorkflowTemplate",
      metadata: { name: "train" },
      spec: {
        entrypoint: "main",
        securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
        templates: [
          {
            name: "main",
            container: {
              image: "python:3.12",
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
            },
            podSpecPatch: "securityContext:\n  runAsNonRoot: null\n",
          },
        ],
      },
    };
    expect(check(document, levelPolicy("restricted")).map((problem) => problem.message)).toEqual([
      "restricted pod security (server policy) requires runAsNonRoot: true for every container: spec.templates[0].container.securityContext.runAsNonRoot is not set; set runAsNonRoot: true there, or for the whole pod in spec.templates[0].securityContext or spec.securityContext",
    ]);
  });

  it("of the workflow patches every pod, and is reported once", () => {
    expect(messages("hostIPC: true\n", "baseline", "workflow")).toEqual([
      "baseline pod security (server policy) forbids sharing the node's IPC namespace: spec.podSpecPatch: hostIPC is true; remove it",
    ]);
  });

  it("is reported at the line of the podSpecPatch field", async () => {
    const text = `apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: train
spec:
  entrypoint: main
  templates:
    - name: main
      container:
        image: python:3.12
      podSpecPatch: |
        volumes:
          - name: node
            hostPath:
              path: /
`;
    expect(await syncProblems({ "workflows/train.yaml": text })).toEqual([
      'workflows/train.yaml:11:7: baseline pod security (server policy) forbids hostPath volumes: spec.templates[0].podSpecPatch: volumes[0].hostPath mounts the node\'s "/"; use a persistentVolumeClaim, configMap, secret or emptyDir volume',
    ]);
  });
});
