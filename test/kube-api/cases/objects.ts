// Create, read and validation: the recorded answers for POST and GET.
import type { ConformanceCase } from "../conformance.ts";
import {
  ARGO,
  create,
  failure,
  notFound,
  SUBDOMAIN_RULE,
  WF,
  WT,
  wfDetails,
  workflow,
} from "./fixtures.ts";

export const CREATE_AND_READ: ConformanceCase[] = [
  {
    name: "create answers 201 with the object and its server-set metadata",
    steps: [
      {
        method: "POST",
        path: WT,
        body: { ...workflow("probe-tmpl"), kind: "WorkflowTemplate" },
        expect: {
          status: 201,
          body: {
            kind: "WorkflowTemplate",
            metadata: {
              name: "probe-tmpl",
              namespace: "{{ns}}",
              generation: 1,
              labels: { app: "ts-probe" },
            },
          },
          present: [
            "metadata.uid",
            "metadata.resourceVersion",
            "metadata.creationTimestamp",
            "metadata.managedFields",
          ],
          matches: { "metadata.creationTimestamp": "^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$" },
        },
      },
    ],
  },
  {
    name: "creating an existing name answers 409 AlreadyExists",
    steps: [
      create("probe-dup"),
      {
        method: "POST",
        path: WF,
        body: workflow("probe-dup"),
        expect: failure(
          409,
          "AlreadyExists",
          'workflows.argoproj.io "probe-dup" already exists',
          wfDetails("probe-dup"),
        ),
      },
    ],
  },
  {
    name: "generateName gets a random five-character suffix",
    steps: [
      {
        method: "POST",
        path: WF,
        body: {
          ...workflow(""),
          metadata: { generateName: "probe-gen-" },
          spec: { workflowTemplateRef: { name: "probe-tmpl" } },
        },
        expect: {
          status: 201,
          matches: { "metadata.name": "^probe-gen-[bcdfghjklmnpqrstvwxz2456789]{5}$" },
        },
      },
    ],
  },
  {
    name: "getting a missing object answers 404 NotFound",
    steps: [{ method: "GET", path: `${WF}/does-not-exist`, expect: notFound("does-not-exist") }],
  },
  {
    name: "getting an object in a missing namespace answers 404 for the object",
    steps: [
      {
        method: "GET",
        path: `${ARGO}/namespaces/no-such-ns-{{run}}/workflows/x`,
        expect: notFound("x"),
      },
    ],
  },
  {
    name: "an unknown resource in a known group answers a plain-text 404",
    steps: [
      {
        method: "GET",
        path: `${ARGO}/namespaces/{{ns}}/foos/x`,
        expect: { status: 404, contentType: "text/plain", text: "404 page not found\n" },
      },
    ],
  },
  {
    name: "creating in a missing namespace answers 404 for the namespace",
    steps: [
      {
        method: "POST",
        path: `${ARGO}/namespaces/no-such-ns-{{run}}/workflows`,
        body: workflow("x"),
        expect: failure(404, "NotFound", 'namespaces "no-such-ns-{{run}}" not found', {
          name: "no-such-ns-{{run}}",
          kind: "namespaces",
        }),
      },
    ],
  },
  {
    name: "an invalid name answers 422 Invalid naming the Kind",
    steps: [
      {
        method: "POST",
        path: WF,
        body: workflow("Bad_Name"),
        expect: failure(
          422,
          "Invalid",
          `Workflow.argoproj.io "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": ${SUBDOMAIN_RULE}`,
          {
            name: "Bad_Name",
            group: "argoproj.io",
            kind: "Workflow",
            causes: [
              {
                reason: "FieldValueInvalid",
                message: `Invalid value: "Bad_Name": ${SUBDOMAIN_RULE}`,
                field: "metadata.name",
              },
            ],
          },
        ),
      },
    ],
  },
  {
    name: "a non-string spec.entrypoint answers 422 Invalid",
    needs: ["fullCrds"],
    steps: [
      {
        method: "POST",
        path: WF,
        body: workflow("probe-bad-type", {}, { entrypoint: 123, templates: [] }),
        expect: failure(
          422,
          "Invalid",
          'Workflow.argoproj.io "probe-bad-type" is invalid: spec.entrypoint: Invalid value: "integer": spec.entrypoint in body must be of type string: "integer"',
          {
            name: "probe-bad-type",
            group: "argoproj.io",
            kind: "Workflow",
            causes: [
              {
                reason: "FieldValueInvalid",
                message:
                  'Invalid value: "integer": spec.entrypoint in body must be of type string: "integer"',
                field: "spec.entrypoint",
              },
            ],
          },
        ),
      },
    ],
  },
  {
    name: "a missing spec answers 422 Required value",
    steps: [
      {
        method: "POST",
        path: WF,
        body: {
          apiVersion: "argoproj.io/v1alpha1",
          kind: "Workflow",
          metadata: { name: "probe-nospec" },
        },
        expect: failure(
          422,
          "Invalid",
          'Workflow.argoproj.io "probe-nospec" is invalid: spec: Required value',
          {
            name: "probe-nospec",
            group: "argoproj.io",
            kind: "Workflow",
            causes: [{ reason: "FieldValueRequired", message: "Required value", field: "spec" }],
          },
        ),
      },
    ],
  },
  {
    name: "a body kind that does not match the resource answers 422 naming the body's kind",
    steps: [
      {
        method: "POST",
        path: WF,
        body: {
          apiVersion: "argoproj.io/v1alpha1",
          kind: "WorkflowTemplate",
          metadata: { name: "probe-kind-mismatch" },
          spec: {},
        },
        expect: failure(
          422,
          "Invalid",
          'WorkflowTemplate.argoproj.io "probe-kind-mismatch" is invalid: kind: Invalid value: "WorkflowTemplate": must be Workflow',
          {
            name: "probe-kind-mismatch",
            group: "argoproj.io",
            kind: "WorkflowTemplate",
            causes: [
              {
                reason: "FieldValueInvalid",
                message: 'Invalid value: "WorkflowTemplate": must be Workflow',
                field: "kind",
              },
            ],
          },
        ),
      },
    ],
  },
  {
    name: "fields the schema does not declare are dropped on create",
    needs: ["fullCrds"],
    steps: [
      {
        method: "POST",
        path: WF,
        body: workflow(
          "probe-unknown-field",
          {},
          {
            entrypoint: "main",
            bogusField: "x",
            templates: [{ name: "main", container: { image: "busybox" } }],
          },
        ),
        expect: {
          status: 201,
          body: { spec: { entrypoint: "main" } },
          absent: ["spec.bogusField"],
        },
      },
    ],
  },
  {
    name: "a dry-run create answers 201 without a resourceVersion and stores nothing",
    steps: [
      {
        method: "POST",
        path: `${WF}?dryRun=All`,
        body: workflow("probe-dry"),
        expect: {
          status: 201,
          body: { metadata: { name: "probe-dry", generation: 1 } },
          present: ["metadata.uid"],
          absent: ["metadata.resourceVersion"],
        },
      },
      { method: "GET", path: `${WF}/probe-dry`, expect: notFound("probe-dry") },
    ],
  },
];
