// Resource templates act only on the kinds the repository's rule lists, in its own namespace,
// with a manifest and kubectl flags coxswain can read before the run.
import { describe, expect, it } from "vitest";
import { check, repoPolicy, syncProblems } from "./admission-fixtures.ts";

type Json = Record<string, unknown>;

function withResource(resource: Json): Json {
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "WorkflowTemplate",
    metadata: { name: "train" },
    spec: {
      entrypoint: "main",
      templates: [{ name: "main", resource: { action: "create", ...resource } }],
    },
  };
}

const configMap = (metadata = "name: results") =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {${metadata}}\n`;
const job = (apiVersion = "batch/v1") =>
  `apiVersion: ${apiVersion}\nkind: Job\nmetadata: {generateName: train-}\n`;
const manifestAt = ["spec", "templates", 0, "resource", "manifest"];

const messages = (resource: Json, rule = "resourceKinds: [ConfigMap, batch/Job]") =>
  check(withResource(resource), repoPolicy(rule)).map((problem) => problem.message);

describe("resource templates", () => {
  it("are refused by default: a rule lists no kinds unless it says so", () => {
    expect(check(withResource({ manifest: configMap() }), repoPolicy())).toEqual([
      {
        path: manifestAt,
        message:
          "spec.templates[0].resource.manifest: the manifest is a v1 ConfigMap, which this repository's resource templates may not act on (the server policy's resourceKinds: none; this one would need \"ConfigMap\")",
        severity: "error",
      },
    ]);
  });

  it("act on a listed kind: Kind for the core group, group/Kind in any version of its group", () => {
    expect(messages({ manifest: configMap() })).toEqual([]);
    expect(messages({ manifest: job() })).toEqual([]);
    expect(messages({ manifest: job("batch/v2") })).toEqual([]);
    expect(
      messages({ manifest: "apiVersion: apps/v1\nkind: ConfigMap\nmetadata: {name: x}\n" }),
    ).toEqual([
      "spec.templates[0].resource.manifest: the manifest is a apps/v1 ConfigMap, which this repository's resource templates may not act on (the server policy's resourceKinds: ConfigMap, batch/Job; this one would need \"apps/ConfigMap\")",
    ]);
  });

  it("check every object of a manifest, the items of a List included", () => {
    const list = `apiVersion: v1
kind: List
items:
  - ${job().replaceAll("\n", "\n    ").trim()}
  - apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRoleBinding
    metadata: {name: take-over}
`;
    expect(messages({ manifest: `${configMap()}---\n${list}` })).toEqual([
      "spec.templates[0].resource.manifest: document 2 items[1] is a rbac.authorization.k8s.io/v1 ClusterRoleBinding, which this repository's resource templates may not act on (the server policy's resourceKinds: ConfigMap, batch/Job; this one would need \"rbac.authorization.k8s.io/ClusterRoleBinding\")",
    ]);
  });

  it("act only in the repository's namespace", () => {
    expect(messages({ manifest: configMap("name: x, namespace: ml-team") })).toEqual([]);
    expect(
      messages({ manifest: configMap('name: x, namespace: "{{workflow.namespace}}"') }),
    ).toEqual([]);
    expect(messages({ manifest: configMap("name: x, namespace: kube-system") })).toEqual([
      'spec.templates[0].resource.manifest: the manifest sets metadata.namespace "kube-system", not this repository\'s namespace "ml-team"; leave it out (the run\'s namespace is used)',
    ]);
  });

  it("need a manifest coxswain can read: no manifestFrom, no {{…}} but Argo's fixed variables", () => {
    expect(
      messages({
        manifest: configMap(
          'generateName: "{{workflow.name}}-", labels: {uid: "{{ workflow.uid }}"}',
        ),
      }),
    ).toEqual([]);
    expect(messages({ manifest: configMap('name: "{{inputs.parameters.name}}"') })).toEqual([
      "spec.templates[0].resource.manifest: it uses {{inputs.parameters.name}}, which Argo fills in before kubectl reads the manifest, so a value could change its kind or namespace; only {{workflow.name}}, {{workflow.uid}}, {{workflow.namespace}} are read through",
    ]);
    expect(messages({ manifest: "apiVersion: v1\nkind: '{{=sprig.upper(\"x\")}}'\n" })).toEqual([
      'spec.templates[0].resource.manifest: it uses {{=sprig.upper("x")}}, which Argo fills in before kubectl reads the manifest, so a value could change its kind or namespace; only {{workflow.name}}, {{workflow.uid}}, {{workflow.namespace}} are read through',
    ]);
    expect(messages({ manifestFrom: { artifact: { name: "manifest" } } })).toEqual([
      "spec.templates[0].resource.manifestFrom takes the manifest from an artifact, which coxswain cannot read before the run to check its kind and namespace; write the manifest in the template",
    ]);
    expect(messages({ manifest: "kind: [" })).toEqual([
      "spec.templates[0].resource.manifest: it is not valid YAML (line 2 of the manifest: YAML syntax error: unexpected end of the stream within a flow collection)",
    ]);
    expect(messages({ manifest: "just text\n" })).toEqual([
      "spec.templates[0].resource.manifest: the manifest is not a Kubernetes object (a mapping)",
    ]);
  });

  it("admit only kubectl flags that cannot change where or on what kubectl acts", () => {
    expect(
      messages({
        manifest: configMap(),
        flags: ["--ignore-not-found", "--selector", "app=train", "--validate=false"],
      }),
    ).toEqual([]);
    expect(
      messages({
        manifest: configMap(),
        flags: ["-n", "kube-system", "secrets", "{{inputs.parameters.flag}}"],
      }),
    ).toEqual([
      'spec.templates[0].resource.flags[0] is the kubectl flag "-n", which could change where or on what kubectl acts; use the manifest for that (allowed: --selector, -l, --field-selector, --timeout, --grace-period, --field-manager, --ignore-not-found, --validate, --wait, --cascade, --force, --server-side, --force-conflicts, --overwrite)',
      'spec.templates[0].resource.flags[1] names what kubectl acts on ("kube-system"), which coxswain cannot check against the server policy\'s resourceKinds; put the object in the manifest instead',
      'spec.templates[0].resource.flags[2] names what kubectl acts on ("secrets"), which coxswain cannot check against the server policy\'s resourceKinds; put the object in the manifest instead',
      'spec.templates[0].resource.flags[3] is filled in at run time ("{{inputs.parameters.flag}}"), so it could be any kubectl flag; write the flag itself (allowed: --selector, -l, --field-selector, --timeout, --grace-period, --field-manager, --ignore-not-found, --validate, --wait, --cascade, --force, --server-side, --force-conflicts, --overwrite)',
    ]);
  });

  it("are found in inline templates too, and reported at the manifest's line", async () => {
    const text = `apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: train
spec:
  entrypoint: main
  templates:
    - name: main
      dag:
        tasks:
          - name: grant
            inline:
              resource:
                action: create
                manifest: |
                  apiVersion: rbac.authorization.k8s.io/v1
                  kind: ClusterRoleBinding
                  metadata: {name: take-over}
`;
    expect(
      await syncProblems({ "workflows/train.yaml": text }, "resourceKinds: [ConfigMap]"),
    ).toEqual([
      "workflows/train.yaml:15:17: spec.templates[0].dag.tasks[0].inline.resource.manifest: the manifest is a rbac.authorization.k8s.io/v1 ClusterRoleBinding, which this repository's resource templates may not act on (the server policy's resourceKinds: ConfigMap; this one would need \"rbac.authorization.k8s.io/ClusterRoleBinding\")",
    ]);
  });
});
