// Labels and annotations a repository may not set: coxswain's identity keys wherever a
// definition can put them on a run or its pods, and Argo's workflows.argoproj.io/ keys (but
// for the documentation annotations on the definition itself).
import { describe, expect, it } from "vitest";
import { syncProblems } from "./admission-fixtures.ts";

const forgedCron = `apiVersion: argoproj.io/v1alpha1
kind: CronWorkflow
metadata:
  name: nightly
spec:
  schedules: ["0 2 * * *"]
  workflowMetadata:
    labels:
      coxswain.dev/repo: acme.other
    annotations:
      coxswain.dev/pr-comment-id: "99"
  workflowSpec:
    workflowMetadata:
      annotations:
        coxswain.dev/slack-notify: '{"channel":"C0FORGED"}'
      labelsFrom:
        coxswain.dev/pr:
          expression: "'7'"
    workflowTemplateRef:
      name: train
`;

const withMetadata = (metadata: string, spec = "") => `apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: train
${metadata}spec:
  entrypoint: main
${spec}  templates:
    - name: main
      container:
        image: python:3.12
`;

describe("reserved identity keys", () => {
  it("refuses a CronWorkflow that forges coxswain's keys in both of its workflowMetadata", async () => {
    expect(await syncProblems({ "workflows/nightly.yaml": forgedCron })).toEqual([
      'workflows/nightly.yaml:9:7: label "coxswain.dev/repo" in spec.workflowMetadata.labels is reserved for coxswain: Argo copies workflowMetadata onto every run, over the identity coxswain gives the run; remove it',
      'workflows/nightly.yaml:11:7: annotation "coxswain.dev/pr-comment-id" in spec.workflowMetadata.annotations is reserved for coxswain: Argo copies workflowMetadata onto every run, over the identity coxswain gives the run; remove it',
      'workflows/nightly.yaml:15:9: annotation "coxswain.dev/slack-notify" in spec.workflowSpec.workflowMetadata.annotations is reserved for coxswain: Argo copies workflowMetadata onto every run, over the identity coxswain gives the run; remove it',
      'workflows/nightly.yaml:17:9: label "coxswain.dev/pr" in spec.workflowSpec.workflowMetadata.labelsFrom is reserved for coxswain: Argo copies workflowMetadata onto every run, over the identity coxswain gives the run; remove it',
    ]);
  });

  it("refuses a WorkflowTemplate's workflowMetadata with coxswain's, the managed-by and Argo's keys", async () => {
    const text = withMetadata(
      "",
      `  workflowMetadata:
    labels:
      app.kubernetes.io/managed-by: coxswain
      workflows.argoproj.io/controller-instanceid: other
      team: ml
    annotations:
      coxswain.dev/check-run-id: "1"
`,
    );
    expect(await syncProblems({ "workflows/train.yaml": text })).toEqual([
      'workflows/train.yaml:9:7: label "app.kubernetes.io/managed-by" in spec.workflowMetadata.labels is reserved for coxswain: Argo copies workflowMetadata onto every run, over the identity coxswain gives the run; remove it',
      'workflows/train.yaml:10:7: label "workflows.argoproj.io/controller-instanceid" in spec.workflowMetadata.labels is reserved for Argo: Argo copies workflowMetadata onto every run, where these keys steer Argo\'s controller; remove it',
      'workflows/train.yaml:13:7: annotation "coxswain.dev/check-run-id" in spec.workflowMetadata.annotations is reserved for coxswain: Argo copies workflowMetadata onto every run, over the identity coxswain gives the run; remove it',
    ]);
  });

  it("refuses a workflowMetadata that would hand its runs a timeline or a failed log of its own", async () => {
    const text = withMetadata(
      "",
      `  workflowMetadata:
    annotations:
      coxswain.dev/step-timeline: '{"steps":[],"leftOut":0}'
      coxswain.dev/failed-step-log: '{"step":"x","text":"forged"}'
`,
    );
    expect(await syncProblems({ "workflows/train.yaml": text })).toEqual([
      'workflows/train.yaml:9:7: annotation "coxswain.dev/step-timeline" in spec.workflowMetadata.annotations is reserved for coxswain: Argo copies workflowMetadata onto every run, over the identity coxswain gives the run; remove it',
      'workflows/train.yaml:10:7: annotation "coxswain.dev/failed-step-log" in spec.workflowMetadata.annotations is reserved for coxswain: Argo copies workflowMetadata onto every run, over the identity coxswain gives the run; remove it',
    ]);
  });

  it("lets a definition carry Argo UI's documentation annotations but no other Argo key", async () => {
    const text = withMetadata(`  labels:
    workflows.argoproj.io/controller-instanceid: other
  annotations:
    workflows.argoproj.io/title: Train
    workflows.argoproj.io/description: Trains the model
    workflows.argoproj.io/version: ">= 3.5"
    workflows.argoproj.io/maintainer: "@ml-team"
    workflows.argoproj.io/maintainer_url: https://example.com/ml
    workflows.argoproj.io/tags: ml
    workflows.argoproj.io/pod-name-format: v1
    coxswain.dev/source-path: elsewhere.yaml
`);
    expect(await syncProblems({ "workflows/train.yaml": text })).toEqual([
      'workflows/train.yaml:6:5: label "workflows.argoproj.io/controller-instanceid" in metadata.labels is reserved for Argo: keys under workflows.argoproj.io/ are Argo\'s own (controller-instanceid, for one, picks the controller that runs it); remove it',
      "workflows/train.yaml:14:5: annotation \"workflows.argoproj.io/pod-name-format\" in metadata.annotations is reserved for Argo: keys under workflows.argoproj.io/ are Argo's own (controller-instanceid, for one, picks the controller that runs it); remove it (Argo UI's documentation annotations are allowed: description, title, version, maintainer, maintainer_url, tags)",
      'workflows/train.yaml:15:5: annotation "coxswain.dev/source-path" in metadata.annotations is reserved for coxswain: coxswain sets it on what it syncs; remove it',
    ]);
  });

  it("refuses coxswain's and Argo's keys on pod metadata: podMetadata, a template's and an inline template's", async () => {
    const text = `apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: train
spec:
  entrypoint: main
  podMetadata:
    labels:
      workflows.argoproj.io/workflow: someone-elses-run
  templates:
    - name: main
      metadata:
        annotations:
          workflows.argoproj.io/node-id: forged
          prometheus.io/scrape: "true"
      steps:
        - - name: fit
            inline:
              metadata:
                labels:
                  coxswain.dev/template: other
              container:
                image: python:3.12
`;
    expect(await syncProblems({ "workflows/train.yaml": text })).toEqual([
      "workflows/train.yaml:9:7: label \"workflows.argoproj.io/workflow\" in spec.podMetadata.labels is reserved for Argo: Argo marks a run's pods with these, and coxswain finds a step's pod by them; remove it",
      "workflows/train.yaml:14:11: annotation \"workflows.argoproj.io/node-id\" in spec.templates[0].metadata.annotations is reserved for Argo: Argo marks a run's pods with these, and coxswain finds a step's pod by them; remove it",
      'workflows/train.yaml:21:19: label "coxswain.dev/template" in spec.templates[0].steps[0][0].inline.metadata.labels is reserved for coxswain: coxswain\'s keys mark what coxswain created; remove it',
    ]);
  });

  it("admits labels and annotations of the repository's own", async () => {
    const text = withMetadata(
      "  labels:\n    team: ml\n  annotations:\n    example.com/owner: ml\n",
      '  workflowMetadata:\n    labels:\n      team: ml\n  podMetadata:\n    annotations:\n      prometheus.io/scrape: "true"\n',
    );
    expect(await syncProblems({ "workflows/train.yaml": text })).toEqual([]);
  });
});
